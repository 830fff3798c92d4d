package drover.manager;

import drover.common.config.DroverConfig;
import drover.common.config.ReloadMode;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SIGUSR1: every worker slot, then every task worker slot, is swapped for a fresh JVM,
 * spawn-before-retire ({@link SlotSwap}), one slot at a time (reload_mode=rolling) or all at once
 * (all). SIGUSR2: the task worker slots only. The first swap that fails stops the reload: slots not
 * yet swapped keep their old processes. A reload requested during a reload is queued, and any
 * number of queued requests coalesce into one more reload (of everything, if any of them asked so).
 */
final class WorkerReload {
    static final String STARTED = "ok reload started";
    static final String QUEUED = "ok reload queued";

    private final Supervisor supervisor;
    private final ReloadMode mode;
    private final long readyTimeoutNanos;
    private final Deque<Slot> slotsLeft = new ArrayDeque<>();
    private final List<SlotSwap> active = new ArrayList<>();
    private boolean pending;
    /** Every queued request asked for the task workers only (SIGUSR2). */
    private boolean pendingTasksOnly = true;
    private boolean inProgress;
    private long startedNanos;
    private String failure = "";
    /** The copy of the deployed app jar this reload's new processes start from (AppJars). */
    private java.nio.file.Path appJar;
    private int count;
    private String lastResult = "none";
    private String lastError = "";
    private long lastDurationMillis;
    /** reload.sh --wait: told the outcome (ReloadWaiters). */
    private final ReloadWaiters waiters = new ReloadWaiters();

    WorkerReload(Supervisor supervisor, DroverConfig config) {
        this.supervisor = supervisor;
        this.mode = config.reloadMode();
        this.readyTimeoutNanos = config.reloadReadyTimeout().toNanos();
    }

    /** USR1 or the reload command (everything), USR2 or reload-tasks (the task workers only). */
    String request(boolean tasksOnly) {
        if (tasksOnly && supervisor.slotCount(ProcessRole.TASK_WORKER) == 0) {
            Log.info("reload of task workers requested: this server has no task workers");
            return "ok no task workers";
        }
        if (inProgress || supervisor.phase() != Supervisor.Phase.RUNNING) {
            pending = true;
            pendingTasksOnly &= tasksOnly;
            Log.info("reload queued: " + (inProgress ? "a reload is in progress" : "the server is " + supervisor.phase()));
            return QUEUED;
        }
        start(tasksOnly);
        return STARTED;
    }

    /** Like {@link #request}, but the reply is the outcome of the reload that covers this request. */
    void requestAndWait(boolean tasksOnly, java.util.concurrent.CompletableFuture<String> reply) {
        waiters.add(request(tasksOnly), reply);
    }

    void onServerRunning() {
        if (pending) {
            start(pendingTasksOnly);
        }
    }

    private void start(boolean tasksOnly) {
        pending = false;
        pendingTasksOnly = true;
        inProgress = true;
        failure = "";
        startedNanos = System.nanoTime();
        supervisor.systemd().reloading();
        waiters.onStart();
        if (!tasksOnly) {
            for (int i = 0; i < supervisor.slotCount(ProcessRole.WORKER); i++) {
                slotsLeft.add(new Slot(ProcessRole.WORKER, i));
            }
        }
        for (int i = 0; i < supervisor.slotCount(ProcessRole.TASK_WORKER); i++) {
            slotsLeft.add(new Slot(ProcessRole.TASK_WORKER, i));
        }
        Log.info("reload (" + mode.label() + "): replacing " + (tasksOnly ? "" : supervisor.slotCount(ProcessRole.WORKER) + " workers and ")
                + supervisor.slotCount(ProcessRole.TASK_WORKER) + " task workers");
        try {
            appJar = supervisor.appJars().stageDeployed();
        } catch (java.io.IOException e) {
            failure = e.getMessage();
            slotsLeft.clear();
        }
        launchWhatCan();
    }

    /** True when this reload will still replace the slot's process (so recycling it now is pointless). */
    boolean willReplace(Slot slot) {
        return inProgress && slotsLeft.contains(slot);
    }

    /** Some swap ended: a slot another swap held may now be free for this reload. */
    void kick() {
        if (inProgress) {
            launchWhatCan();
        }
    }

    private void launchWhatCan() {
        int parallel = mode == ReloadMode.ALL ? Integer.MAX_VALUE : 1;
        for (var it = slotsLeft.iterator(); it.hasNext() && active.size() < parallel; ) {
            Slot slot = it.next();
            if (slot.index() >= supervisor.slotCount(slot.role())) {
                it.remove(); // removed by TTOU meanwhile
                continue;
            }
            if (supervisor.swapOn(slot) != null) {
                continue; // a max_request recycle holds it; retried when that ends
            }
            it.remove();
            active.add(SlotSwap.start(supervisor, slot, readyTimeoutNanos, appJar, this::onSwapEnded));
            if (mode == ReloadMode.ROLLING) {
                break;
            }
        }
        if (active.isEmpty() && slotsLeft.isEmpty() && inProgress) {
            finish();
        }
    }

    private void onSwapEnded(SlotSwap swap) {
        active.remove(swap);
        if (swap.outcome() == SlotSwap.Outcome.FAILED && failure.isEmpty()) {
            failure = swap.failure();
            slotsLeft.clear();
            for (SlotSwap other : List.copyOf(active)) {
                other.abandon("another worker's reload failed");
            }
        }
        launchWhatCan();
    }

    /** The server is stopping: whatever is half done stays as it is. */
    void abandon() {
        pending = false;
        waiters.onAbandon();
        if (inProgress) {
            slotsLeft.clear();
            if (failure.isEmpty()) {
                failure = "the server stopped during the reload";
            }
            for (SlotSwap swap : List.copyOf(active)) {
                swap.abandon(failure); // a swap past its new worker's READY just lets the old one finish
            }
            if (inProgress) {
                finish();
            }
        }
    }

    private void finish() {
        inProgress = false;
        count++;
        lastResult = failure.isEmpty() ? "ok" : "failed";
        lastError = failure;
        lastDurationMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        supervisor.appJars().prune(supervisor.appJarsInUse()); // a failed reload's copy is kept by nothing now
        if (failure.isEmpty()) {
            Log.info("reload done in " + lastDurationMillis + " ms");
        } else {
            Log.error("reload failed after " + lastDurationMillis + " ms: " + failure + "; the old processes of the slots"
                    + " not yet replaced keep serving");
        }
        waiters.onFinish(failure, lastDurationMillis);
        if (supervisor.phase() == Supervisor.Phase.RUNNING) { // a stop abandons a reload after its STOPPING=1
            supervisor.systemd().ready(failure.isEmpty() ? "reload done" : "reload failed: " + failure);
        }
        if (pending && supervisor.phase() == Supervisor.Phase.RUNNING) {
            start(pendingTasksOnly);
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
