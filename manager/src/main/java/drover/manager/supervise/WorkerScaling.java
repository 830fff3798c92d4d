package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.WorkerCount;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.manager.child.Child;
import drover.manager.child.ManagerClock;
import drover.manager.child.Slot;

/** SIGTTIN and SIGTTOU: one worker slot more, or one fewer. Supervisor loop only. */
final class WorkerScaling {
    private static final int MAX_WORKERS = 1024;

    private final DroverConfig config;
    private final ManagerClock clock;
    private final Children children;
    private final SlotKeeper keeper;

    WorkerScaling(DroverConfig config, ManagerClock clock, Children children, SlotKeeper keeper) {
        this.config = config;
        this.clock = clock;
        this.children = children;
        this.keeper = keeper;
    }

    /** SIGTTIN: one more worker slot. The reactor learns the count first, so the new worker can link. */
    void addWorker(ServerPhase phase) {
        WorkerSlots slots = keeper.slots();
        if (phase != ServerPhase.RUNNING || !children.allReactorsReady()) {
            Log.warn("SIGTTIN ignored: the server is " + phase.label()
                    + (phase == ServerPhase.RUNNING ? " without every reactor ready" : ""));
            return;
        }
        if (slots.count(ProcessRole.WORKER) >= MAX_WORKERS) {
            Log.warn("SIGTTIN ignored: already " + MAX_WORKERS + " workers");
            return;
        }
        children.tellReactors(new WorkerCount(slots.count(ProcessRole.WORKER) + 1));
        Slot slot = slots.addWorker();
        keeper.fill(slot);
        Log.info("SIGTTIN: added " + slot + "; " + slots.count(ProcessRole.WORKER) + " workers");
    }

    /**
     * SIGTTOU: one worker slot fewer, the highest. The reactor stops giving it new connections and
     * moves its connections to the other workers, then sends it DRAIN; the worker finishes what it
     * holds and exits (killed after max_wait_time). Refused during a reload or a swap of that slot.
     */
    void removeWorker(ServerPhase phase) {
        WorkerSlots slots = keeper.slots();
        int slot = slots.count(ProcessRole.WORKER) - 1;
        if (phase != ServerPhase.RUNNING || !children.allReactorsReady()) {
            Log.warn("SIGTTOU ignored: the server is " + phase.label());
            return;
        }
        if (slot == 0) {
            Log.warn("SIGTTOU ignored: a server keeps at least one worker");
            return;
        }
        if (keeper.reload().inProgress() || keeper.swapOn(new Slot(ProcessRole.WORKER, slot)) != null) {
            Log.warn("SIGTTOU ignored: worker#" + slot + " is being replaced; send it again once that is done");
            return;
        }
        children.tellReactors(new WorkerCount(slot));
        keeper.forget(new Slot(ProcessRole.WORKER, slot));
        Child removed = slots.removeLastWorker();
        if (removed != null) {
            removed.killAt(clock.nanoTime() + config.maxWaitTime().toNanos());
            children.stop(removed);
        }
        Log.info("SIGTTOU: removing worker#" + slot + (removed == null ? "" : " pid=" + removed.pid())
                + "; " + slots.count(ProcessRole.WORKER) + " workers");
    }
}
