package drover.worker;

import drover.common.loop.EventLoop;
import drover.common.process.ChildRole;
import drover.common.process.ExitCode;

/**
 * The part of a ChildRole that the worker and the task worker share: each is one {@link AppLoop},
 * so DRAIN and STOP both end it gracefully, and its heartbeat and run are the loop's.
 */
public abstract class AppLoopRole implements ChildRole {
    private final AppLoop loop;
    /** DRAIN or STOP came: a lost manager no longer ends this process at once (a lost link does not count). */
    private volatile boolean stopRequested;

    protected AppLoopRole(AppLoop loop) {
        this.loop = loop;
    }

    /** Nothing to drain but the process itself: DRAIN (a removed slot, a reload) ends it as STOP does. */
    @Override
    public final void drain() {
        stop();
    }

    @Override
    public final void stop() {
        stopRequested = true;
        loop.stop();
    }

    @Override
    public final EventLoop heartbeatLoop() {
        return loop.eventLoop();
    }

    @Override
    public final long onHeartbeat(long nowNanos) {
        return loop.onHeartbeat(nowNanos);
    }

    @Override
    public final boolean stopping() {
        return stopRequested;
    }

    @Override
    public final ExitCode run() {
        return loop.run();
    }
}
