package drover.worker;

import drover.common.loop.EventLoop;
import drover.common.process.ExitCode;

/**
 * The loop of a process that runs the app: the worker's and the task worker's. Its role
 * ({@link AppLoopRole}) drives it through these alone.
 */
public interface AppLoop {
    /** The manager says stop (DRAIN or STOP): finish what is owed, bounded by max_wait_time. Any thread. */
    void stop();

    /** The loop the heartbeat timer runs on (ChildLifecycle). */
    EventLoop eventLoop();

    /** Once per heartbeat, on the loop: the request count the HEARTBEAT carries; what is checked as often. */
    long onHeartbeat(long nowNanos);

    /** Runs the loop on this thread until it stops. */
    ExitCode run();
}
