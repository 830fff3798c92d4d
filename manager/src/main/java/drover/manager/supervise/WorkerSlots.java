package drover.manager.supervise;

import drover.common.link.ProcessRole;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.Slot;
import drover.manager.child.SlotStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker and task worker slots: which child fills each one now (null while it respawns) and
 * its counters. Worker slots grow and shrink at the end (SIGTTIN, SIGTTOU); task worker slots are
 * fixed. Touched only by the supervisor loop.
 */
final class WorkerSlots {
    private final List<Child> workers = new ArrayList<>();
    private final List<SlotStats> workerStats = new ArrayList<>();
    private final List<Child> taskWorkers = new ArrayList<>();
    private final List<SlotStats> taskWorkerStats = new ArrayList<>();

    WorkerSlots(int workerNum, int taskWorkerNum) {
        for (int i = 0; i < workerNum; i++) {
            addWorker();
        }
        for (int i = 0; i < taskWorkerNum; i++) {
            taskWorkers.add(null);
            taskWorkerStats.add(new SlotStats());
        }
    }

    /** Slots of a worker role (WORKER or TASK_WORKER) there are now. */
    int count(ProcessRole role) {
        return children(role).size();
    }

    /** The child that fills the slot now; null while it respawns or when the slot is gone. */
    Child current(Slot slot) {
        List<Child> list = children(slot.role());
        return slot.index() < list.size() ? list.get(slot.index()) : null;
    }

    void setCurrent(Slot slot, Child child) {
        children(slot.role()).set(slot.index(), child);
    }

    SlotStats stats(Slot slot) {
        return (slot.role() == ProcessRole.TASK_WORKER ? taskWorkerStats : workerStats).get(slot.index());
    }

    /** A new, empty worker slot at the end. */
    Slot addWorker() {
        workers.add(null);
        workerStats.add(new SlotStats());
        return new Slot(ProcessRole.WORKER, workers.size() - 1);
    }

    /** Drops the last worker slot; returns the child that filled it, or null. */
    Child removeLastWorker() {
        workerStats.removeLast();
        return workers.removeLast();
    }

    /** Every worker and task worker slot is filled by a ready child. */
    boolean allReady() {
        for (List<Child> list : List.of(workers, taskWorkers)) {
            for (Child c : list) {
                if (c == null || c.state() != ChildState.READY) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The ready task workers as TASK_WORKERS carries them: "slot:generation,...".
     */
    String readyTaskWorkers() {
        StringBuilder list = new StringBuilder();
        for (Child t : taskWorkers) {
            if (t != null && t.state() == ChildState.READY) {
                list.append(list.isEmpty() ? "" : ",").append(t.slot().index()).append(':').append(t.generation());
            }
        }
        return list.toString();
    }

    private List<Child> children(ProcessRole role) {
        return switch (role) {
            case WORKER -> workers;
            case TASK_WORKER -> taskWorkers;
            default -> throw new IllegalArgumentException("no worker slots for " + role);
        };
    }
}
