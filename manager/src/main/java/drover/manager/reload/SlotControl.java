package drover.manager.reload;

import drover.common.link.ProcessRole;
import drover.manager.child.Child;
import drover.manager.child.Slot;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a reload and a slot swap may do to the worker and task worker slots: the supervisor's side
 * of the reload path, so the reload knows this interface and not the supervisor. Loop thread only.
 */
public interface SlotControl {
    /** The server serves (not booting, not stopping): a reload may start. */
    boolean running();

    /** Its phase, for a log line: "booting", "running", "stopping". */
    String phaseLabel();

    /** Now, as System.nanoTime counts it (a test's clock is a fake one). */
    long nanoTime();

    /** Slots of a worker role (WORKER or TASK_WORKER) there are now. */
    int slotCount(ProcessRole role);

    /** The child that fills a worker or task worker slot now; null while it respawns or when the slot is gone. */
    Child current(Slot slot);

    void setCurrent(Slot slot, Child child);

    /** The swap under way on a worker or task worker slot, or null. */
    SlotSwap swapOn(Slot slot);

    void swapStarted(SlotSwap swap);

    /** The swap is over: its starter learns the outcome first (tellStarter), then the slot is free again. */
    void swapEnded(SlotSwap swap, Runnable tellStarter);

    /** Starts a worker or task worker in the slot from that app jar copy; null when it could not start. */
    Child spawn(Slot slot, Path appJar);

    /** Asks a child to finish and exit. */
    void stopChild(Child child);

    /** Tells the workers which task workers take tasks, if that set changed. */
    void announceTaskWorkers();

    /** A swap failed: the slot's old child may have died meanwhile, so the slot is refilled. */
    void fillSlotIfEmpty(Slot slot);

    /** max_wait_time: how long a retired child may take to finish. */
    long maxWaitNanos();

    /** Stages the deployed app jar for a reload's new processes (AppJars). */
    Path stageDeployedAppJar() throws java.io.IOException;

    /** Deletes app jar copies no child runs any more. */
    void pruneAppJars();
}
