package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.Stop;
import drover.common.frame.ControlMessage.TaskWorkers;
import drover.common.frame.ControlMessage.WorkerCount;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.common.payload.PayloadStores;
import drover.common.process.ExitCode;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.ManagerClock;
import drover.manager.supervise.SupervisorEvent.ChildBootFailed;
import drover.manager.supervise.SupervisorEvent.ChildExited;
import drover.manager.supervise.SupervisorEvent.ChildLinked;
import drover.manager.supervise.SupervisorEvent.ChildReady;
import drover.manager.supervise.SupervisorEvent.ChildUnlinked;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the supervisor reacts to what a child does: its control link opening and closing, READY,
 * BOOT_ERROR and its exit. What each means depends on the server's phase ({@link ServerPhases}) and
 * on the slot's swap, if one holds it ({@link SlotKeeper}). Supervisor loop only.
 */
final class ChildEventHandler {
    private static final long BOOT_ERROR_EXIT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The longest an exit waits for its child's control link to be read to the end (onChildExited). */
    private static final long EXIT_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DroverConfig config;
    private final ManagerClock clock;
    private final Children children;
    private final SlotKeeper keeper;
    private final ServerPhases phases;

    ChildEventHandler(DroverConfig config, ManagerClock clock, Children children, SlotKeeper keeper, ServerPhases phases) {
        this.config = config;
        this.clock = clock;
        this.children = children;
        this.keeper = keeper;
        this.phases = phases;
    }

    void onChildLinked(ChildLinked linked) {
        Child child = children.byPid(linked.pid());
        if (child == null) {
            Log.warn("control link from unknown pid " + linked.pid() + "; closing it");
            linked.connection().close();
            return;
        }
        child.attach(linked.connection());
        if (child.slot().role() == ProcessRole.WORKER) {
            Children.tell(child, new TaskWorkers(keeper.announcedTaskWorkers()));
        }
        boolean stopNow = child.slot().role() != ProcessRole.TASK_WORKER || !children.anyOf(ProcessRole.WORKER);
        if (phases.phase() == ServerPhase.STOPPING && stopNow) {
            Children.tell(child, new Stop());
        }
    }

    void onChildReady(ChildReady ready) {
        Child child = children.byPid(ready.pid());
        if (child == null || child.state() != ChildState.STARTING) {
            return;
        }
        child.markReady(ready.detail(), clock.nanoTime());
        keeper.childReady(child);
        Log.info(child.describe() + " ready" + (ready.detail().isEmpty() ? "" : ": " + ready.detail()));
        if (phases.phase() == ServerPhase.STOPPING) {
            return;
        }
        if (child.slot().role() == ProcessRole.REACTOR) {
            phases.listening(ready.detail());
            int workerCount = keeper.slotCount(ProcessRole.WORKER);
            if (workerCount != config.workerNum()) {
                Children.tell(child, new WorkerCount(workerCount)); // TTIN/TTOU changed it
            }
            keeper.fillEmptyWorkerSlots();
            return;
        }
        if (config.baseMode() && child.slot().role() == ProcessRole.WORKER && !ready.detail().isEmpty()) {
            phases.listening(ready.detail()); // base mode: each worker binds every listener, and says where
        }
        if (keeper.swapTookReady(child)) {
            return;
        }
        phases.runIfAllReady();
    }

    void onChildUnlinked(ChildUnlinked unlinked) {
        Child child = children.byPid(unlinked.pid());
        if (child != null) {
            child.markUnlinked();
            if (child.exitHeld()) {
                onChildExited(new ChildExited(child, child.heldExitCode()));
            }
        }
    }

    /** The exits held longer than EXIT_HOLD_NANOS are handled without waiting for their link any more. */
    void releaseOverdueExits(long now) {
        List<Child> overdue = children.all().stream()
                .filter(c -> c.exitHeld() && now - c.exitHeldAtNanos() >= EXIT_HOLD_NANOS).toList();
        for (Child child : overdue) {
            child.markUnlinked();
            onChildExited(new ChildExited(child, child.heldExitCode()));
        }
    }

    /**
     * The reason is logged once: here, or by what the failure ends (the start's failure while booting,
     * a reload's or a recycle's), never both.
     */
    void onChildBootFailed(ChildBootFailed failed) {
        Child child = children.byPid(failed.pid());
        if (child == null) {
            Log.error("pid " + failed.pid() + " failed to boot: " + failed.message());
            return;
        }
        child.bootFailed(failed.message()); // its exit is then no surprise
        if (keeper.swapTookBootFailure(child, failed.message())) {
            return;
        }
        if (phases.phase() != ServerPhase.BOOTING) {
            Log.error(child.describe() + " failed to boot: " + failed.message());
        }
        // the exit follows at once and carries the exit code (LISTEN_FAILED, BOOT_FAILED); make sure it comes
        child.killAt(clock.nanoTime() + BOOT_ERROR_EXIT_GRACE_NANOS);
    }

    /**
     * A child that failed to boot writes BOOT_ERROR and exits at once, and its exit can reach this loop
     * before the control reader has posted the frame: the failure would then be reported without its
     * reason. So an exit waits until the child's link has been read to the end (EOF comes as soon as
     * the process is gone), or EXIT_HOLD_NANOS at most. That holds for a starting child not linked yet
     * too: the reader may not have read its HELLO when the exit comes (one that never connected is
     * held the full EXIT_HOLD_NANOS).
     */
    void onChildExited(ChildExited exited) {
        Child child = exited.child();
        if (child.linkBeingRead() && !child.exitHeld()) {
            child.holdExit(exited.exitCode(), clock.nanoTime());
            return;
        }
        children.remove(child);
        if (child.slot().role() == ProcessRole.TASK_WORKER) {
            children.removeTaskSocket(child); // a task worker removes its own on a clean exit; a killed one cannot
        }
        String how = logExit(child, exited.exitCode());
        if (phases.phase() == ServerPhase.STOPPING) {
            phases.continueStop();
            return;
        }
        if (keeper.swapTookExit(child, exited.exitCode())) {
            return;
        }
        if (phases.phase() == ServerPhase.BOOTING) {
            String why = child.bootError() != null ? child.describe() + ": " + child.bootError() : how + " while the server was starting";
            phases.failBoot(why, exited.exitCode());
            return;
        }
        boolean current = child.slot().role() == ProcessRole.REACTOR
                ? children.clearReactor(child) : child == keeper.current(child.slot());
        if (current) {
            keeper.childDied(child);
        }
    }

    /** Marks the child EXITED, sweeps its payload files and logs how it ended; returns that text. */
    private String logExit(Child child, int exitCode) {
        boolean expected = child.state() == ChildState.STOPPING || child.state() == ChildState.DRAINING;
        child.moveTo(ChildState.EXITED);
        // payload files it wrote and nobody will read now; those it was sent wait for the sweep at stop
        int swept = PayloadStores.sweep(config, child.pid());
        String how = child.describe() + " exited (" + ExitCode.describe(exitCode) + ")"
                + (child.killed() ? " as the manager killed it" : "")
                + (swept > 0 ? "; " + swept + " payload file(s) it left removed" : "");
        if (expected || phases.phase() == ServerPhase.STOPPING || child.killed() || child.bootError() != null) {
            Log.info(how); // asked to stop, killed by this manager, or said why it could not boot
        } else {
            Log.warn(how + " unexpectedly");
        }
        return how;
    }
}
