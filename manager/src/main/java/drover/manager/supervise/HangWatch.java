package drover.manager.supervise;

import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.launch.ProcessSignals;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * worker_timeout: a ready worker whose loop has not beaten for that long is stuck in app code or
 * deadlocked. SIGQUIT makes its JVM print every thread's stack (captured into the log), and it is
 * killed a moment later; its slot is respawned like any other death. A worker that never gets
 * ready is given reload_ready_timeout, outside a reload too.
 */
final class HangWatch {
    /** Time a hung worker's JVM gets to print its thread stacks before SIGKILL. */
    static final long DUMP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Duration workerTimeout;
    private final Duration readyTimeout;

    HangWatch(Duration workerTimeout, Duration readyTimeout) {
        this.workerTimeout = workerTimeout;
        this.readyTimeout = readyTimeout;
    }

    /**
     * Why the child counts as hung at nowNanos, or null. Reactors are not watched (they beat no
     * heartbeat), nor a child already condemned; workers being swapped in are judged by their swap.
     */
    String hangReason(Child child, long nowNanos) {
        if (child.slot().role() == ProcessRole.REACTOR || child.hung()) {
            return null;
        }
        boolean serving = child.state() == ChildState.READY || child.state() == ChildState.DRAINING;
        long silentNanos = nowNanos - child.lastBeatNanos();
        if (serving && !workerTimeout.isZero() && silentNanos > workerTimeout.toNanos()) {
            return "no heartbeat for " + TimeUnit.NANOSECONDS.toSeconds(silentNanos)
                    + " s (worker_timeout " + workerTimeout.toSeconds() + " s)";
        }
        if (child.state() == ChildState.STARTING && nowNanos - child.startedNanos() > readyTimeout.toNanos()) {
            return "not ready within reload_ready_timeout " + readyTimeout.toSeconds() + " s";
        }
        return null;
    }

    /** Logs why, asks the JVM for its thread stacks and schedules the kill. */
    void condemn(Child child, String why, long nowNanos) {
        if (child.state() == ChildState.STARTING) {
            child.bootFailed(why);
        }
        child.markHung();
        Log.error(child.describe() + " is hung: " + why + "; logging its thread stacks (SIGQUIT) and replacing it");
        ProcessSignals.send(child.pid(), ProcessSignals.SIGQUIT);
        child.killAt(nowNanos + DUMP_GRACE_NANOS);
    }
}
