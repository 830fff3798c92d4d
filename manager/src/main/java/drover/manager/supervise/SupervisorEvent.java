package drover.manager.supervise;

import drover.common.frame.ControlMessage.Reply;
import drover.manager.child.Child;
import drover.manager.control.ControlCommand;
import drover.manager.control.ControlConnection;
import java.util.Map;
import drover.manager.admin.ServerSnapshot;
import java.util.concurrent.CompletableFuture;

/** Everything that can happen to the supervisor; other threads only post these. */
sealed interface SupervisorEvent {
    record SignalReceived(String name) implements SupervisorEvent { }

    record ChildExited(Child child, int exitCode) implements SupervisorEvent { }

    record ChildLinked(long pid, ControlConnection connection) implements SupervisorEvent { }

    /** A child's control link was read to its end: every frame it sent has been posted before this. */
    record ChildUnlinked(long pid) implements SupervisorEvent { }

    record ChildReady(long pid, String detail) implements SupervisorEvent { }

    record ChildBootFailed(long pid, String message) implements SupervisorEvent { }

    /** A worker's loop is alive and has served this many requests. */
    record ChildBeat(long pid, long requests) implements SupervisorEvent { }

    /** A worker reached max_request and asks to be replaced. */
    record ChildRecycleRequested(long pid, String reason) implements SupervisorEvent { }

    /** The reactor's counters, by name in its order (docs/FRAMES.md, STATS). */
    record ChildStats(long pid, Map<String, Long> counters) implements SupervisorEvent { }

    /** The admin listener asks for what it shows (drover.manager.admin). */
    record SnapshotRequested(CompletableFuture<ServerSnapshot> reply) implements SupervisorEvent { }

    record ControlRequested(ControlCommand command, CompletableFuture<Reply> reply) implements SupervisorEvent { }
}
