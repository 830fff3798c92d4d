package drover.manager;

import drover.common.config.DroverConfig;
import drover.common.log.Log;
import drover.common.process.ExitCode;
import drover.common.process.ProcessRole;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Reload one worker slot at a time, spawn-before-retire: the new worker starts and says READY
 * (linked to every reactor thread, onWorkerStart done; the reactor routes the slot to it from that
 * moment), then the old one is told to stop, finishes what it holds and exits (killed after
 * max_wait_time), and only then does the next slot begin. If a new worker fails, the reload stops
 * and the old workers keep serving. A reload requested during a reload runs once this one ends.
 */
final class RollingReload {
    /** How long a new worker may take to become ready before the reload is abandoned. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Supervisor supervisor;
    private final DroverConfig config;
    private final Deque<Integer> slotsLeft = new ArrayDeque<>();
    private Child replacement;
    private Child retiring;
    private long readyDeadlineNanos = Long.MAX_VALUE;
    private boolean pending;
    private boolean inProgress;
    private long startedNanos;
    private int count;
    private String lastResult = "none";
    private String lastError = "";
    private long lastDurationMillis;

    RollingReload(Supervisor supervisor, DroverConfig config) {
        this.supervisor = supervisor;
        this.config = config;
    }

    /** USR1 (or the reload command). Task workers (USR2) arrive with issue 5; there are none to reload yet. */
    String request(boolean tasksOnly) {
        if (tasksOnly) {
            Log.info("reload of task workers requested: this server has no task workers");
            return "ok no task workers";
        }
        if (inProgress || supervisor.phase() != Supervisor.Phase.RUNNING) {
            pending = true;
            Log.info("reload queued: " + (inProgress ? "a reload is in progress" : "the server is " + supervisor.phase()));
            return "ok reload queued";
        }
        start();
        return "ok reload started";
    }

    void onServerRunning() {
        if (pending) {
            start();
        }
    }

    private void start() {
        pending = false;
        inProgress = true;
        startedNanos = System.nanoTime();
        for (int i = 0; i < supervisor.workerCount(); i++) {
            slotsLeft.add(i);
        }
        Log.info("reload: rolling over " + slotsLeft.size() + " workers");
        next();
    }

    private void next() {
        Integer slot = slotsLeft.poll();
        if (slot == null) {
            finish("ok", "");
            return;
        }
        replacement = supervisor.spawn(new Slot(ProcessRole.WORKER, slot));
        if (replacement == null) {
            finish("failed", "could not start a new worker#" + slot);
            return;
        }
        readyDeadlineNanos = System.nanoTime() + READY_TIMEOUT.toNanos();
    }

    /** Returns true when the ready child was this reload's replacement. */
    boolean onReady(Child child) {
        if (child != replacement) {
            return false;
        }
        int slot = child.slot().index();
        Child old = supervisor.worker(slot);
        supervisor.replaceWorker(slot, child);
        replacement = null;
        readyDeadlineNanos = Long.MAX_VALUE;
        if (old != null && old.state() != ChildState.EXITED) {
            retiring = old;
            old.moveTo(ChildState.DRAINING);
            old.killAt(System.nanoTime() + config.maxWaitTime().toNanos());
            supervisor.stopChild(old);
        } else {
            next();
        }
        return true;
    }

    boolean onBootFailed(Child child, String message) {
        if (child != replacement) {
            return false;
        }
        fail(child, message);
        return true;
    }

    /** Returns true when the exit belonged to this reload (a retired worker, or a failed replacement). */
    boolean onExited(Child child, int exitCode) {
        if (child == retiring) {
            retiring = null;
            next();
            return true;
        }
        if (child == replacement) {
            fail(child, "new " + child.describe() + " exited (" + ExitCode.describe(exitCode) + ") before it was ready");
            return true;
        }
        if (replacement != null && child == supervisor.worker(child.slot().index())
                && replacement.slot().equals(child.slot())) {
            supervisor.replaceWorker(child.slot().index(), null); // its replacement is already on the way
            return true;
        }
        return false;
    }

    void enforceDeadline(long now) {
        if (replacement != null && now >= readyDeadlineNanos) {
            fail(replacement, "new " + replacement.describe() + " was not ready within " + READY_TIMEOUT.toSeconds() + " s");
        }
    }

    long deadlineNanos() {
        return readyDeadlineNanos;
    }

    /** The server is stopping: whatever is half done stays as it is. */
    void abandon() {
        if (inProgress) {
            finish("failed", "the server stopped during the reload");
        }
        pending = false;
    }

    private void fail(Child failed, String reason) {
        if (failed.process().isAlive()) {
            failed.process().destroyForcibly();
        }
        supervisor.fillSlotIfEmpty(failed.slot()); // its old worker may have died meanwhile
        finish("failed", reason);
    }

    private void finish(String result, String error) {
        inProgress = false;
        replacement = null;
        retiring = null;
        readyDeadlineNanos = Long.MAX_VALUE;
        slotsLeft.clear();
        count++;
        lastResult = result;
        lastError = error;
        lastDurationMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (result.equals("ok")) {
            Log.info("reload done in " + lastDurationMillis + " ms");
        } else {
            Log.error("reload failed after " + lastDurationMillis + " ms: " + error + "; the old workers keep serving");
        }
        if (pending && supervisor.phase() == Supervisor.Phase.RUNNING) {
            start();
        }
    }

    int count() {
        return count;
    }

    String lastResult() {
        return lastResult;
    }

    String lastError() {
        return lastError;
    }

    long lastDurationMillis() {
        return lastDurationMillis;
    }

    boolean inProgress() {
        return inProgress;
    }
}
