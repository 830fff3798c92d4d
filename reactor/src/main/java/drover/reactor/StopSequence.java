package drover.reactor;

import drover.common.loop.EventLoop;
import drover.common.loop.LoopState;
import drover.common.loop.TimerQueue;
import drover.reactor.protocol.CloseReason;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How one reactor thread stops (docs/OPERATIONS.md): the drain (the listen backlog taken, the
 * listeners closed, the clients read on for the reading window while they end), the end of reading
 * (every worker told DRAIN), and the last step (what the clients are owed flushed within
 * max_wait_time). Runs on the thread's loop.
 */
final class StopSequence {
    /** How often a draining thread looks whether every connection has closed. */
    private static final long DRAIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventLoop loop;
    private final TimerQueue timers;
    private final Sessions sessions;
    private final WorkerRouter router;
    private final Duration maxWaitTime;
    private long stopDeadline;
    /** The stop's reading window is over: connections are read no more (set once, by endReading). */
    private boolean readingEnded;

    StopSequence(EventLoop loop, Sessions sessions, WorkerRouter router, Duration maxWaitTime) {
        this.loop = loop;
        this.timers = loop.timers();
        this.sessions = sessions;
        this.router = router;
        this.maxWaitTime = maxWaitTime;
    }

    /**
     * First step: take the connections in the listen backlog, close the listeners, and read the
     * clients on for the reading window (half of max_wait_time, less once every connection closed)
     * while they end: HTTP ones after their next response (Connection: close), idle ones at once, the
     * others when the app ends them (onDrain). Then {@link #endReading}.
     */
    void drain(Acceptor acceptor) {
        if (acceptor != null) {
            acceptor.stopAfterBacklog();
        }
        if (loop.state() != LoopState.RUNNING) {
            return;
        }
        loop.moveTo(LoopState.DRAINING);
        for (ClientConnection c : sessions.copy()) {
            drainConnection(c);
        }
        timers.schedule(maxWaitTime.toNanos() / 2, this::endReading);
        watchDrainedSessions();
    }

    /** A connection open as the drain began, or taken from the backlog since. */
    void drainConnection(ClientConnection connection) {
        try {
            connection.drain();
        } catch (IOException e) {
            sessions.close(connection, CloseReason.of(e));
        }
    }

    // Ends the reading window early once every connection has closed.
    private void watchDrainedSessions() {
        if (readingEnded) {
            return;
        }
        if (sessions.isEmpty()) {
            endReading();
        } else {
            timers.schedule(DRAIN_CHECK_NANOS, this::watchDrainedSessions);
        }
    }

    /**
     * The reading window is over: no new packet is read, and every worker is told (DRAIN, after the
     * packets already queued) that nothing more will come, so it can finish what it holds and exit.
     * Replies keep flowing back to clients until {@link #stop}.
     */
    private void endReading() {
        if (readingEnded) {
            return;
        }
        readingEnded = true;
        for (ClientConnection c : sessions.all()) {
            c.pauseReading(null);
        }
        router.drainWorkers(0, false);
    }

    /** Reading never resumes: the reading window is over. */
    boolean readingEnded() {
        return readingEnded;
    }

    /** Last step: flush what clients are owed (bounded by max_wait_time), close everything. */
    void stop() {
        endReading(); // when the reading window was cut short (a worker killed at its deadline)
        if (loop.state() == LoopState.RUNNING || loop.state() == LoopState.DRAINING) {
            loop.moveTo(LoopState.STOPPING);
        }
        stopDeadline = System.nanoTime() + maxWaitTime.toNanos();
        for (ClientConnection c : sessions.copy()) {
            try {
                c.closeAfterOutput();
            } catch (IOException e) {
                sessions.close(c, CloseReason.of(e));
            }
        }
    }

    /** Every client has had what it was owed, or max_wait_time passed. */
    boolean done(long now) {
        return sessions.isEmpty() || now - stopDeadline > 0;
    }
}
