package drover.manager.control;

import drover.common.frame.ControlMessage.Reply;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the control server hears, for the supervisor to act on. Called from the connections'
 * reader threads: an implementation only hands each call to the supervisor loop.
 */
public interface ControlListener {
    /** A child said HELLO on this connection: its control link for the rest of its life. */
    void childLinked(long pid, ControlConnection connection);

    /** The child's control link was read to its end: every frame it sent was passed on before this. */
    void childUnlinked(long pid);

    void childReady(long pid, String detail);

    void childBootFailed(long pid, String message);

    /** A worker's loop is alive and has served this many requests. */
    void childBeat(long pid, long requests);

    /** A worker reached max_request and asks to be replaced. */
    void childRecycleRequested(long pid, String reason);

    /** The reactor's counters, by name in its order (docs/FRAMES.md, STATS). */
    void childStats(long pid, Map<String, Long> counters);

    /** A control client's (or a child's) command; the reply is completed with the answer. */
    void controlRequested(ControlCommand command, CompletableFuture<Reply> reply);
}
