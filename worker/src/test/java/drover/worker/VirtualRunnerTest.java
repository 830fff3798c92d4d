package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VirtualRunnerTest {
    final AtomicInteger progress = new AtomicInteger();
    final VirtualRunner runner = new VirtualRunner(progress::incrementAndGet);

    @Test
    void oneKeysTasksRunInOrderWhileAnotherKeyRunsPastABlockedOne() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        CountDownLatch allDone = new CountDownLatch(101);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        runner.ordered(1L, () -> {
            await(release);
            order.add(0);
            allDone.countDown();
        });
        for (int i = 1; i <= 100; i++) {
            int n = i;
            runner.ordered(1L, () -> {
                order.add(n);
                allDone.countDown();
            });
        }
        runner.ordered(2L, otherRan::countDown);
        assertTrue(otherRan.await(10, TimeUnit.SECONDS), "session 2 ran while session 1 was blocked");
        assertEquals(List.of(), order, "nothing of session 1 ran before its first task returned");
        // session 2's task signalled from inside itself: it leaves the count a moment later
        awaitInFlight(101);
        release.countDown();
        assertTrue(allDone.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        awaitIdle();
        assertTrue(progress.get() >= 1, "the loop was told the runner went idle");
    }

    @Test
    void readingStopsAboveTheHighMarkAndResumesOnlyBelowTheLowOne() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < VirtualRunner.HIGH; i++) {
            runner.ordered(7L, () -> await(release));
        }
        assertFalse(runner.acceptsMore(true));
        assertFalse(runner.acceptsMore(false));
        release.countDown();
        awaitIdle();
        assertTrue(runner.acceptsMore(false));
    }

    @Test
    void anExceptionDoesNotStopTheKeysLaterTasks() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(1);
        runner.ordered(3L, () -> {
            throw new IllegalStateException("expected by the test");
        });
        runner.ordered(3L, after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    private void awaitIdle() {
        awaitInFlight(0);
    }

    private void awaitInFlight(int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.inFlight() > expected) {
            assertTrue(System.nanoTime() < deadline, "still in flight: " + runner.inFlight());
            Thread.onSpinWait();
        }
        assertEquals(expected, runner.inFlight());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
