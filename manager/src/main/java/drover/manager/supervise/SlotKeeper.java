package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.ManagerClock;
import drover.manager.child.Slot;
import drover.manager.launch.AppJars;
import drover.manager.reload.SlotControl;
import drover.manager.reload.SlotSwap;
import drover.manager.reload.WorkerReload;
import drover.manager.control.SystemdNotify;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps every worker and task worker slot filled: spawns into it, respawns after a death (with
 * back-off when its children keep dying young), swaps its child for a fresh one (reload, recycle
 * on max_request, spawn-before-retire through {@link SlotSwap}), and tells the workers which task
 * workers take tasks. The reload acts on the slots through {@link SlotControl}. Supervisor loop only.
 */
final class SlotKeeper implements SlotControl {
    private final DroverConfig config;
    private final ManagerClock clock;
    private final Children children;
    private final AppJars appJars;
    private final Supplier<ServerPhase> phase;
    private final Consumer<String> spawnFailed;
    private final WorkerSlots slots;
    private final RespawnSchedule respawns = new RespawnSchedule();
    private final List<SlotSwap> swaps = new ArrayList<>();
    private final WorkerReload reload;
    /** The last TASK_WORKERS list sent to the workers. */
    private String announcedTaskWorkers = "";

    /** @param spawnFailed told why, when a child cannot even be started (the boot fails on it) */
    SlotKeeper(DroverConfig config, ManagerClock clock, Children children, AppJars appJars, Supplier<ServerPhase> phase,
               Consumer<String> spawnFailed, SystemdNotify systemd) {
        this.config = config;
        this.clock = clock;
        this.children = children;
        this.appJars = appJars;
        this.phase = phase;
        this.spawnFailed = spawnFailed;
        this.slots = new WorkerSlots(config.workerNum(), config.taskWorkerNum());
        this.reload = new WorkerReload(this, config, systemd);
    }

    WorkerSlots slots() {
        return slots;
    }

    WorkerReload reload() {
        return reload;
    }

    String announcedTaskWorkers() {
        return announcedTaskWorkers;
    }

    // ---- spawning and respawning ----

    /** Starts a child in the slot; a worker or task worker from the jar the slot's last ready child ran. */
    Child spawn(Slot slot) {
        return spawn(slot, slot.role() == ProcessRole.REACTOR ? null : appJars.forSlot(slot));
    }

    @Override
    public Child spawn(Slot slot, Path appJar) {
        try {
            return children.launch(slot, appJar);
        } catch (IOException e) {
            Log.error("cannot start " + slot + ": " + e.getMessage());
            spawnFailed.accept("cannot start " + slot + ": " + e.getMessage());
            return null;
        }
    }

    /** Spawns into the slot and makes it the slot's child. */
    void fill(Slot slot) {
        Child child = spawn(slot);
        if (slot.role() != ProcessRole.REACTOR) {
            slots.setCurrent(slot, child);
        }
    }

    /** Every reactor listens: the worker slots still empty, and not waiting for a respawn or a swap, are filled. */
    void fillEmptyWorkerSlots() {
        for (int i = 0; i < slots.count(ProcessRole.WORKER) && children.allReactorsReady(); i++) {
            Slot slot = new Slot(ProcessRole.WORKER, i);
            if (slots.current(slot) == null && !respawns.isScheduled(slot) && swapOn(slot) == null) {
                fill(slot);
            }
        }
    }

    /** The child got ready: its slot's crash-loop count is reset, and its respawns start from its jar. */
    void childReady(Child child) {
        respawns.onReady(child.slot());
        if (child.slot().role() != ProcessRole.REACTOR) {
            appJars.ready(child.slot(), child.appJar());
        }
    }

    /** The child that filled its slot died: the slot is emptied, counted and respawned after its back-off. */
    void childDied(Child dead) {
        if (dead.slot().role() != ProcessRole.REACTOR) {
            slots.setCurrent(dead.slot(), null);
            if (dead.killed()) {
                slots.stats(dead.slot()).kills++; // hung, or not ready in time: not a death of its own
            } else {
                slots.stats(dead.slot()).restarts++;
            }
        }
        long livedMillis = Duration.between(dead.startedAt(), clock.now()).toMillis();
        long delay = respawns.afterDeath(dead.slot(), livedMillis, clock.nanoTime());
        if (delay > 0) {
            Log.warn(dead.slot() + " keeps dying young (" + respawns.quickDeaths(dead.slot())
                    + " in a row); respawning in " + delay + " ms");
        }
    }

    @Override
    public void fillSlotIfEmpty(Slot slot) {
        ServerPhase now = phase.get();
        if (now != ServerPhase.STOPPING && now != ServerPhase.STOPPED && slot.index() < slotCount(slot.role())
                && current(slot) == null && !respawns.isScheduled(slot) && swapOn(slot) == null) {
            respawns.spawnNow(slot, clock.nanoTime());
        }
    }

    /** Spawns the slots whose back-off is over; a worker waits for every reactor, as it links to each one's threads. */
    void respawnDue(long now) {
        boolean reactorsReady = children.allReactorsReady();
        for (Slot slot : respawns.takeDue(now, s -> s.role() != ProcessRole.WORKER || reactorsReady)) {
            if (phase.get() == ServerPhase.STOPPING) {
                return; // a failed spawn while booting stops the server
            }
            fill(slot);
        }
    }

    long nextRespawnNanos(long next) {
        return respawns.nextDueNanos(next);
    }

    void cancelRespawns() {
        respawns.cancelAll();
    }

    /** The slot is gone (SIGTTOU): no respawn into it, and its jar is forgotten. */
    void forget(Slot slot) {
        respawns.cancel(slot);
        appJars.forget(slot);
    }

    // ---- recycling (max_request) ----

    /** max_request reached: swap the worker for a fresh one, spawn-before-retire, unless one is coming anyway. */
    void recycleRequested(Child child, String reason) {
        if (child.state() == ChildState.READY) {
            Log.info(child.describe() + ": " + reason + "; recycling it");
            child.wantRecycle();
            recycleIfWanted(child.slot());
        }
    }

    // Also called when a swap on the slot ends: a worker that asked meanwhile is recycled then.
    private void recycleIfWanted(Slot slot) {
        Child child = current(slot);
        if (child == null || !child.recycleWanted() || !running() || child.state() != ChildState.READY
                || swapOn(slot) != null || reload.willReplace(slot) || !child.recycleMayStart(clock.nanoTime())) {
            return;
        }
        SlotSwap.start(this, slot, config.reloadReadyTimeout().toNanos(), appJars.forSlot(slot), swap -> {
            if (swap.outcome() == SlotSwap.Outcome.DONE && slot.index() < slotCount(slot.role())) {
                slots.stats(slot).recycles++;
            } else {
                long retrySeconds = child.recycleFailed(clock.nanoTime());
                Log.error("recycle of " + slot + " failed: " + swap.failure() + "; the old one keeps serving"
                        + " and is recycled again in " + retrySeconds + " s");
            }
        });
    }

    /** A recycle that failed is tried again once its back-off is over. */
    void retryRecycles(long now) {
        for (ProcessRole role : new ProcessRole[] {ProcessRole.WORKER, ProcessRole.TASK_WORKER}) {
            for (int i = 0; i < slots.count(role); i++) {
                Child child = slots.current(new Slot(role, i));
                if (child != null && child.recycleWanted() && child.recycleMayStart(now)) {
                    recycleIfWanted(child.slot());
                }
            }
        }
    }

    // ---- swaps: every child event goes to them first ----

    /** True when the ready child was a swap's new one. */
    boolean swapTookReady(Child child) {
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onReady(child)) {
                return true;
            }
        }
        return false;
    }

    /** True when the child that failed to boot was a swap's new one. */
    boolean swapTookBootFailure(Child child, String message) {
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onBootFailed(child, message)) {
                return true;
            }
        }
        return false;
    }

    /** True when the exit belonged to a swap (its retired child, its new one, or the slot's old one). */
    boolean swapTookExit(Child child, int exitCode) {
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onExited(child, exitCode)) {
                return true;
            }
        }
        return false;
    }

    void enforceSwapDeadlines(long now) {
        for (SlotSwap swap : List.copyOf(swaps)) {
            swap.enforceDeadline(now);
        }
    }

    long nextSwapDeadline(long next) {
        for (SlotSwap swap : swaps) {
            next = Math.min(next, swap.deadlineNanos());
        }
        return next;
    }

    /** A swap's new child is judged by the swap's own ready deadline, not by the hang watch. */
    boolean judgedBySwap(Child child) {
        SlotSwap swap = swapOn(child.slot());
        return swap != null && swap.waitingForReady() && current(child.slot()) != child;
    }

    // ---- SlotControl ----

    @Override
    public boolean running() {
        return phase.get() == ServerPhase.RUNNING;
    }

    @Override
    public String phaseLabel() {
        return phase.get().label();
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public int slotCount(ProcessRole role) {
        return slots.count(role);
    }

    @Override
    public Child current(Slot slot) {
        return slots.current(slot);
    }

    @Override
    public void setCurrent(Slot slot, Child child) {
        slots.setCurrent(slot, child);
    }

    @Override
    public SlotSwap swapOn(Slot slot) {
        for (SlotSwap swap : swaps) {
            if (swap.slot().equals(slot)) {
                return swap;
            }
        }
        return null;
    }

    @Override
    public void swapStarted(SlotSwap swap) {
        swaps.add(swap);
        respawns.cancel(swap.slot()); // the swap's new worker fills the slot
    }

    /**
     * The swap is over: whoever started it (a reload, a recycle) learns the outcome first, then the
     * slot may take its next swap. In the other order a failed recycle would start again at once,
     * before it was marked failed.
     */
    @Override
    public void swapEnded(SlotSwap swap, Runnable tellStarter) {
        swaps.remove(swap);
        tellStarter.run();
        reload.kick();
        recycleIfWanted(swap.slot());
    }

    @Override
    public void stopChild(Child child) {
        children.stop(child);
    }

    @Override
    public long maxWaitNanos() {
        return config.maxWaitTime().toNanos();
    }

    @Override
    public Path stageDeployedAppJar() throws IOException {
        return appJars.stageDeployed();
    }

    @Override
    public void pruneAppJars() {
        appJars.prune(children.appJarsInUse());
    }

    /**
     * TASK_WORKERS: the ready task workers, "slot:generation,...", to every worker whenever the set
     * changes (a task worker got ready, was swapped by a reload or recycle, or died). A retired one
     * drops out of the list before it is told to stop, so workers drain it rather than lose it.
     */
    @Override
    public void announceTaskWorkers() {
        if (slots.count(ProcessRole.TASK_WORKER) == 0 || phase.get() == ServerPhase.STOPPED) {
            return;
        }
        String now = slots.readyTaskWorkers();
        if (!now.equals(announcedTaskWorkers)) {
            announcedTaskWorkers = now;
            Log.debug("task workers taking tasks: [" + now + "]");
            children.tellWorkers(new ControlMessage.TaskWorkers(now));
        }
    }
}
