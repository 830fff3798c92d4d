/**
 * What every child process does the same way: its command-line arguments ({@code ChildArgs}), its
 * boot (read the settings, connect to the manager, say HELLO: {@code ChildContext}), its whole life
 * (the role's boot, the control reader with DRAIN and STOP, the heartbeat, READY, the run, the exit
 * code, a lost manager: {@code ChildLifecycle}, with {@code ChildRole} for what differs), its exit codes, the
 * base-mode hand-off between a worker and its own connections ({@code LocalLink}) and the
 * periodic heap trim. Used by the reactor, workers and task workers; the manager uses
 * {@code ExitCode} to read how a child ended. The top of {@code common}: it may depend on
 * {@code config}, {@code frame}, {@code link}, {@code log} and {@code loop}, and nothing in {@code common} depends
 * on it.
 */
package drover.common.process;
