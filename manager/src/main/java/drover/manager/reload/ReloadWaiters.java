package drover.manager.reload;

import drover.common.frame.ControlMessage.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Control clients waiting for a reload's outcome (reload.sh --wait): each waits for the reload that
 * covers its request, which is the one it started, or the queued one after the reload in progress.
 * Loop thread only, like {@link WorkerReload}.
 */
final class ReloadWaiters {
    private final List<CompletableFuture<Reply>> current = new ArrayList<>();
    private final List<CompletableFuture<Reply>> queued = new ArrayList<>();

    /** The request was answered "ok reload started" or "ok reload queued" (or not): waits accordingly. */
    void add(Reply requestReply, CompletableFuture<Reply> reply) {
        if (requestReply.equals(WorkerReload.STARTED)) {
            current.add(reply);
        } else if (requestReply.equals(WorkerReload.QUEUED)) {
            queued.add(reply);
        } else {
            reply.complete(requestReply); // nothing to wait for, e.g. no task workers to reload
        }
    }

    /** A reload began: the queued requests are what it covers. */
    void onStart() {
        current.addAll(queued);
        queued.clear();
    }

    /** The reload ended; {@code failure} is empty when it succeeded. */
    void onFinish(String failure, long durationMillis) {
        Reply outcome = failure.isEmpty()
                ? Reply.ok("reload done in " + durationMillis + " ms")
                : Reply.error("reload failed after " + durationMillis + " ms: " + failure
                        + "; the old processes of the slots not yet replaced keep serving");
        current.forEach(waiter -> waiter.complete(outcome));
        current.clear();
    }

    /** The server stopped with a reload still queued: it will never run. */
    void onAbandon() {
        queued.forEach(waiter -> waiter.complete(Reply.error("the server stopped before the queued reload began")));
        queued.clear();
    }
}
