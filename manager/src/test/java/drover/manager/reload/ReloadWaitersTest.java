package drover.manager.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReloadWaitersTest {
    private final ReloadWaiters waiters = new ReloadWaiters();

    @Test
    void aRequestThatStartedTheReloadIsAnsweredWithItsOutcome() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        waiters.add(WorkerReload.STARTED, reply);
        assertFalse(reply.isDone());
        waiters.onFinish("", 420);
        assertEquals("ok reload done in 420 ms", reply.getNow(null));
    }

    @Test
    void aQueuedRequestWaitsForTheQueuedReloadNotForTheOneRunning() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> queued = new CompletableFuture<>();
        waiters.add(WorkerReload.STARTED, first);
        waiters.add(WorkerReload.QUEUED, queued);
        waiters.onFinish("", 100);
        assertEquals("ok reload done in 100 ms", first.getNow(null));
        assertFalse(queued.isDone(), "its reload has not run yet");
        waiters.onStart();
        waiters.onFinish("worker#1 reported a boot error: no app class", 250);
        assertEquals("error: reload failed after 250 ms: worker#1 reported a boot error: no app class;"
                + " the old processes of the slots not yet replaced keep serving", queued.getNow(null));
    }

    @Test
    void aQueuedReloadThatNeverRunsIsAnsweredWhenTheServerStops() {
        CompletableFuture<String> queued = new CompletableFuture<>();
        waiters.add(WorkerReload.QUEUED, queued);
        waiters.onAbandon();
        assertEquals("error: the server stopped before the queued reload began", queued.getNow(null));
    }

    @Test
    void aRequestWithNothingToReloadIsAnsweredAtOnce() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        waiters.add("ok no task workers", reply);
        assertEquals("ok no task workers", reply.getNow(null));
    }
}
