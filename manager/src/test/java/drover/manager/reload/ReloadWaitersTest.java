package drover.manager.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import drover.common.frame.ControlMessage.Reply;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReloadWaitersTest {
    private final ReloadWaiters waiters = new ReloadWaiters();

    @Test
    void aRequestThatStartedTheReloadIsAnsweredWithItsOutcome() {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        waiters.add(WorkerReload.STARTED, reply);
        assertFalse(reply.isDone());
        waiters.onFinish("", 420);
        assertEquals("ok reload done in 420 ms", reply.getNow(null).text());
    }

    @Test
    void aQueuedRequestWaitsForTheQueuedReloadNotForTheOneRunning() {
        CompletableFuture<Reply> first = new CompletableFuture<>();
        CompletableFuture<Reply> queued = new CompletableFuture<>();
        waiters.add(WorkerReload.STARTED, first);
        waiters.add(WorkerReload.QUEUED, queued);
        waiters.onFinish("", 100);
        assertEquals("ok reload done in 100 ms", first.getNow(null).text());
        assertFalse(queued.isDone(), "its reload has not run yet");
        waiters.onStart();
        waiters.onFinish("worker#1 reported a boot error: no app class", 250);
        assertEquals("error: reload failed after 250 ms: worker#1 reported a boot error: no app class;"
                + " the old processes of the slots not yet replaced keep serving", queued.getNow(null).text());
    }

    @Test
    void aQueuedReloadThatNeverRunsIsAnsweredWhenTheServerStops() {
        CompletableFuture<Reply> queued = new CompletableFuture<>();
        waiters.add(WorkerReload.QUEUED, queued);
        waiters.onAbandon();
        assertEquals("error: the server stopped before the queued reload began", queued.getNow(null).text());
    }

    @Test
    void aRequestWithNothingToReloadIsAnsweredAtOnce() {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        waiters.add(Reply.ok("no task workers"), reply);
        assertEquals("ok no task workers", reply.getNow(null).text());
    }
}
