package drover.manager.reload;

import drover.common.config.DroverConfig;
import drover.common.config.ReloadMode;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.manager.child.Slot;
import drover.manager.control.SystemdNotify;
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
public final class WorkerReload {
    static final Reply STARTED = Reply.ok("reload started");
    static final Reply QUEUED = Reply.ok("reload queued");

    private final SlotControl slots;
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
    /** Told RELOADING and READY around a reload when systemd runs the manager; else a no-op. */
    private final SystemdNotify systemd;

    public WorkerReload(SlotControl slots, DroverConfig config, SystemdNotify systemd) {
        this.slots = slots;
        this.systemd = systemd;
        this.mode = config.reloadMode();
        this.readyTimeoutNanos = config.reloadReadyTimeout().toNanos();
    }

    /** USR1 or the reload command (everything), USR2 or reload-tasks (the task workers only). */
    public Reply request(boolean tasksOnly) {
        if (tasksOnly && slots.slotCount(ProcessRole.TASK_WORKER) == 0) {
            Log.info("reload of task workers requested: this server has no task workers");
            return Reply.ok("no task workers");
        }
        if (inProgress || !slots.running()) {
            pending = true;
            pendingTasksOnly &= tasksOnly;
            Log.info("reload queued: " + (inProgress ? "a reload is in progress" : "the server is " + slots.phaseLabel()));
            return QUEUED;
        }
        start(tasksOnly);
        return STARTED;
    }

    /** Like {@link #request}, but the reply is the outcome of the reload that covers this request. */
    public void requestAndWait(boolean tasksOnly, java.util.concurrent.CompletableFuture<Reply> reply) {
        waiters.add(request(tasksOnly), reply);
    }

    public void onServerRunning() {
        if (pending) {
            start(pendingTasksOnly);
        }
    }

    private void start(boolean tasksOnly) {
        pending = false;
        pendingTasksOnly = true;
        inProgress = true;
        failure = "";
        startedNanos = slots.nanoTime();
        systemd.reloading();
        waiters.onStart();
        if (!tasksOnly) {
            for (int i = 0; i < slots.slotCount(ProcessRole.WORKER); i++) {
                slotsLeft.add(new Slot(ProcessRole.WORKER, i));
            }
        }
        for (int i = 0; i < slots.slotCount(ProcessRole.TASK_WORKER); i++) {
            slotsLeft.add(new Slot(ProcessRole.TASK_WORKER, i));
        }
        Log.info("reload (" + mode.label() + "): replacing " + (tasksOnly ? "" : slots.slotCount(ProcessRole.WORKER) + " workers and ")
                + slots.slotCount(ProcessRole.TASK_WORKER) + " task workers");
        try {
            appJar = slots.stageDeployedAppJar();
        } catch (java.io.IOException e) {
            failure = e.getMessage();
            slotsLeft.clear();
        }
        launchWhatCan();
    }

    /** True when this reload will still replace the slot's process (so recycling it now is pointless). */
    public boolean willReplace(Slot slot) {
        return inProgress && slotsLeft.contains(slot);
    }

    /** Some swap ended: a slot another swap held may now be free for this reload. */
    public void kick() {
        if (inProgress) {
            launchWhatCan();
        }
    }

    private void launchWhatCan() {
        int parallel = mode == ReloadMode.ALL ? Integer.MAX_VALUE : 1;
        for (var it = slotsLeft.iterator(); it.hasNext() && active.size() < parallel; ) {
            Slot slot = it.next();
            if (slot.index() >= slots.slotCount(slot.role())) {
                it.remove(); // removed by TTOU meanwhile
                continue;
            }
            if (slots.swapOn(slot) != null) {
                continue; // a max_request recycle holds it; retried when that ends
            }
            it.remove();
            active.add(SlotSwap.start(slots, slot, readyTimeoutNanos, appJar, this::onSwapEnded));
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
    public void abandon() {
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
        lastDurationMillis = TimeUnit.NANOSECONDS.toMillis(slots.nanoTime() - startedNanos);
        slots.pruneAppJars(); // a failed reload's copy is kept by nothing now
        if (failure.isEmpty()) {
            Log.info("reload done in " + lastDurationMillis + " ms");
        } else {
            Log.error("reload failed after " + lastDurationMillis + " ms: " + failure + "; the old processes of the slots"
                    + " not yet replaced keep serving");
        }
        waiters.onFinish(failure, lastDurationMillis);
        if (slots.running()) { // a stop abandons a reload after its STOPPING=1
            systemd.ready(failure.isEmpty() ? "reload done" : "reload failed: " + failure);
        }
        if (pending && slots.running()) {
            start(pendingTasksOnly);
        }
    }

    public int count() {
        return count;
    }

    public String lastResult() {
        return lastResult;
    }

    public String lastError() {
        return lastError;
    }

    public long lastDurationMillis() {
        return lastDurationMillis;
    }

    public boolean inProgress() {
        return inProgress;
    }
}
