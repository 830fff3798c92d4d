package drover.common.process;

import drover.common.frame.ControlMessage;
import drover.common.loop.EventLoop;
import java.io.IOException;

/**
 * What differs between the child roles (reactor, worker, task worker) once booted; ChildLifecycle
 * does the rest the same way for all three. Commands come on the control reader thread.
 */
public interface ChildRole {
    /** DRAIN from the manager: take no new work, finish what is held. */
    void drain();

    /** STOP from the manager: finish what is owed (bounded by max_wait_time), then let {@link #run} return. */
    void stop();

    /** Any other message from the manager (CountersRequest, WorkerCount, TaskWorkers); the default ignores it, saying so. */
    default void onCommand(ControlMessage message) {
        drover.common.log.Log.warn("ignoring unexpected control message " + message);
    }

    /** Just before READY goes to the manager (a worker tells its reactor threads first). */
    default void beforeReady() throws IOException {
    }

    /** READY's text: the reactor's bound addresses; nothing for the others. */
    default String readyText() {
        return "";
    }

    /** The "ready: ..." log line's detail. */
    String describe();

    /**
     * The loop whose turns the heartbeat proves: ChildLifecycle sends the manager a HEARTBEAT from a
     * timer on it, so a loop stuck in app code goes silent and worker_timeout notices. Null: no
     * heartbeat (the reactor sends none).
     */
    default EventLoop heartbeatLoop() {
        return null;
    }

    /** On the heartbeat loop, once per beat: the request count the HEARTBEAT carries, and the role's once-a-beat housekeeping. */
    default long onHeartbeat(long nowNanos) {
        return 0;
    }

    /** Whether a stop is under way: then a lost manager no longer ends this process at once. */
    boolean stopping();

    /** Serves until stopped; how the process ends. */
    ExitCode run() throws InterruptedException;

    /** Removes what this process leaves in the run directory (its sockets); on every way out. */
    default void cleanUp() {
    }
}
