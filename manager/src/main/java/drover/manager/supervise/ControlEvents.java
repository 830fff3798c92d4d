package drover.manager.supervise;

import drover.common.frame.ControlMessage.Reply;
import drover.manager.control.ControlCommand;
import drover.manager.control.ControlConnection;
import drover.manager.control.ControlListener;
import drover.manager.supervise.SupervisorEvent.ChildBeat;
import drover.manager.supervise.SupervisorEvent.ChildBootFailed;
import drover.manager.supervise.SupervisorEvent.ChildLinked;
import drover.manager.supervise.SupervisorEvent.ChildReady;
import drover.manager.supervise.SupervisorEvent.ChildRecycleRequested;
import drover.manager.supervise.SupervisorEvent.ChildStats;
import drover.manager.supervise.SupervisorEvent.ChildUnlinked;
import drover.manager.supervise.SupervisorEvent.ControlRequested;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Turns what the control server hears into supervisor events, posted to its loop. Any thread. */
final class ControlEvents implements ControlListener {
    private final Consumer<SupervisorEvent> post;

    ControlEvents(Consumer<SupervisorEvent> post) {
        this.post = post;
    }

    @Override
    public void childLinked(long pid, ControlConnection connection) {
        post.accept(new ChildLinked(pid, connection));
    }

    @Override
    public void childUnlinked(long pid) {
        post.accept(new ChildUnlinked(pid));
    }

    @Override
    public void childReady(long pid, String detail) {
        post.accept(new ChildReady(pid, detail));
    }

    @Override
    public void childBootFailed(long pid, String message) {
        post.accept(new ChildBootFailed(pid, message));
    }

    @Override
    public void childBeat(long pid, long requests) {
        post.accept(new ChildBeat(pid, requests));
    }

    @Override
    public void childRecycleRequested(long pid, String reason) {
        post.accept(new ChildRecycleRequested(pid, reason));
    }

    @Override
    public void childStats(long pid, Map<String, Long> counters) {
        post.accept(new ChildStats(pid, counters));
    }

    @Override
    public void controlRequested(ControlCommand command, CompletableFuture<Reply> reply) {
        post.accept(new ControlRequested(command, reply));
    }
}
