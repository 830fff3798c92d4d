/**
 * The server's one log: the line format, the manager's log file and its mode, and the throttle for
 * warnings a peer can trigger at will. Only the manager writes the file; the reactor, workers, task
 * workers and the {@code chronicle} module write bare lines to standard error, which the manager
 * stamps. At the bottom of {@code common}: it depends on nothing else of Drover.
 */
package drover.common.log;
