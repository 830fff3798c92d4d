package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SlowHandlerWatchTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final VirtualRunner runner = new VirtualRunner(() -> { });
    private final SlowHandlerWatch watch = new SlowHandlerWatch(runner, Duration.ofSeconds(30));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHandlers() {
        release.countDown();
    }

    private long startStuckHandler() throws InterruptedException {
        long before = System.nanoTime();
        CountDownLatch started = new CountDownLatch(1);
        runner.ordered(1L, () -> {
            started.countDown();
            awaitRelease();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        return before;
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aHandlerPastWorkerTimeoutIsReportedOnceWithItsStack() throws InterruptedException {
        long before = startStuckHandler();
        assertEquals(List.of(), watch.check(before), "not yet past worker_timeout");
        List<String> lines = watch.check(System.nanoTime() + 31 * SECOND);
        assertEquals(1, lines.size());
        assertTrue(lines.getFirst().contains("over worker_timeout 30 s"), lines.getFirst());
        assertTrue(lines.getFirst().contains("awaitRelease"), "the stack shows where it is stuck: " + lines.getFirst());
        assertEquals(List.of(), watch.check(System.nanoTime() + 60 * SECOND), "reported once");
    }

    @Test
    void handlersThatFinishInTimeAreNeverReported() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        runner.ordered(1L, done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        awaitNothingRunning();
        assertEquals(List.of(), watch.check(System.nanoTime() + 3600 * SECOND));
    }

    @Test
    void workerTimeoutZeroTurnsTheWatchOff() throws InterruptedException {
        startStuckHandler();
        SlowHandlerWatch off = new SlowHandlerWatch(runner, Duration.ZERO);
        assertEquals(List.of(), off.check(System.nanoTime() + 3600 * SECOND));
    }

    @Test
    void theLoopModeHasNothingToWatch() {
        SlowHandlerWatch loop = new SlowHandlerWatch(new CallbackRunner.LoopRunner(), Duration.ofSeconds(30));
        assertEquals(List.of(), loop.check(System.nanoTime() + 3600 * SECOND));
    }

    private void awaitNothingRunning() throws InterruptedException {
        long deadline = System.nanoTime() + 10 * SECOND;
        while (!runner.running().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1); // polling a condition with a deadline, not timing
        }
        assertTrue(runner.running().isEmpty(), "the finished handler is no longer listed");
    }
}
