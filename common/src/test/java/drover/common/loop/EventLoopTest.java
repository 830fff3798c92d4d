package drover.common.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one event loop, with a real selector and pipes. */
@Timeout(30)
class EventLoopTest {
    private final EventLoop loop = newLoop();
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private Thread thread;

    /** A role that stops as soon as it is asked to. */
    private static final LoopRole IDLE = now -> true;

    private static EventLoop newLoop() {
        try {
            return new EventLoop("test loop");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (thread != null) {
            loop.execute(() -> loop.moveTo(LoopState.STOPPED));
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), "the loop thread ended");
        }
        loop.close();
        for (Pipe pipe : pipes) {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    private CompletableFuture<Throwable> start(LoopRole role) {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        thread = new Thread(() -> {
            try {
                loop.run(role);
                ended.complete(null);
            } catch (IOException | RuntimeException | Error e) {
                ended.complete(e);
            }
        }, "event-loop-test");
        thread.start();
        return ended;
    }

    private Pipe pipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipes.add(pipe);
        return pipe;
    }

    @Test
    void aTaskFromAnotherThreadWakesABlockedSelectPromptly() throws Exception {
        start(IDLE);
        for (int round = 0; round < 5; round++) {
            // after a task ran the loop has nothing to do and blocks up to MAX_SELECT_MILLIS (1 s) unless woken
            CountDownLatch ran = new CountDownLatch(1);
            long posted = System.nanoTime();
            loop.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the task ran");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted);
            assertTrue(millis < EventLoop.MAX_SELECT_MILLIS / 2, "round " + round + ": woken after " + millis + " ms");
        }
    }

    @Test
    void tasksRunInTheOrderPostedAndABurstNeedsOneWakeupAtMost() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1000);
        start(IDLE);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> {
                order.add(n);
                all.countDown();
            });
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void oneTurnRunsAtMost64TasksAndTheNextTurnDoesNotBlock() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            loop.execute(ran::incrementAndGet);
        }
        loop.turn(IDLE);
        assertEquals(EventLoop.MAX_TASKS_PER_TURN, ran.get());
        long before = System.nanoTime();
        while (!loop.inboxEmpty()) {
            loop.turn(IDLE);
        }
        assertEquals(200, ran.get());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) < EventLoop.MAX_SELECT_MILLIS / 2,
                "the turns with tasks left polled instead of blocking");
    }

    @Test
    void timersFireInOrderOnTheRunningLoopAndACancelledOneNever() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            TimerQueue timers = loop.timers();
            timers.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> {
                fired.add("second");
                done.countDown();
            });
            TimerQueue.Timer cancelled = timers.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> fired.add("cancelled"));
            timers.schedule(TimeUnit.MILLISECONDS.toNanos(10), () -> fired.add("first"));
            cancelled.cancel();
        });
        start(IDLE);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second"), fired);
    }

    @Test
    void aHandlerThatThrowsClosesOnlyItsOwnPeerAndTheLoopGoesOn() throws Exception {
        Pipe faulty = pipe();
        Pipe healthy = pipe();
        CompletableFuture<IOException> failure = new CompletableFuture<>();
        CountDownLatch healthyRead = new CountDownLatch(1);
        loop.register(faulty.source(), SelectionKey.OP_READ, new IoHandler() {
            @Override
            public void onReady(SelectionKey key) {
                key.cancel();
                throw new IllegalStateException("a handler's bug");
            }

            @Override
            public void onFailure(IOException error) {
                failure.complete(error);
            }
        });
        loop.register(healthy.source(), SelectionKey.OP_READ, new IoHandler() {
            @Override
            public void onReady(SelectionKey key) throws IOException {
                healthy.source().read(ByteBuffer.allocate(16));
                healthyRead.countDown();
            }

            @Override
            public void onFailure(IOException error) {
                throw new AssertionError("the healthy peer failed", error);
            }
        });
        CompletableFuture<Throwable> ended = start(IDLE);
        faulty.sink().write(ByteBuffer.wrap(new byte[] {1}));
        IOException error = failure.get(10, TimeUnit.SECONDS);
        assertTrue(error.getCause() instanceof IllegalStateException, "the handler's exception is the cause");
        healthy.sink().write(ByteBuffer.wrap(new byte[] {2}));
        assertTrue(healthyRead.await(10, TimeUnit.SECONDS), "the other peer is still served");
        CountDownLatch afterFailingTask = new CountDownLatch(1);
        loop.execute(() -> {
            throw new IllegalStateException("a task's bug");
        });
        loop.execute(afterFailingTask::countDown);
        assertTrue(afterFailingTask.await(10, TimeUnit.SECONDS), "a task that throws does not stop the loop");
        assertFalse(ended.isDone());
    }

    @Test
    void anErrorEndsTheLoopAndReachesItsCaller() throws Exception {
        CompletableFuture<Throwable> ended = start(IDLE);
        InternalError fault = new InternalError("a fault occurred in an unsafe memory access operation");
        loop.execute(() -> {
            throw fault;
        });
        assertSame(fault, ended.get(10, TimeUnit.SECONDS));
        thread.join();
        thread = null;
    }

    @Test
    void stateMovesForwardOnlyAndStoppingEndsWhenTheRoleIsDone() throws Exception {
        assertEquals(LoopState.RUNNING, loop.state());
        loop.moveTo(LoopState.DRAINING);
        IllegalStateException back = assertThrows(IllegalStateException.class, () -> loop.moveTo(LoopState.RUNNING));
        assertEquals("test loop: DRAINING -> RUNNING", back.getMessage());
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch owed = new CountDownLatch(1);
        CompletableFuture<Throwable> ended = start(now -> {
            checks.incrementAndGet();
            return owed.getCount() == 0;
        });
        loop.execute(() -> loop.moveTo(LoopState.STOPPING));
        // while STOPPING and not done, the loop keeps turning on its own (every 50 ms at most) to ask again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (checks.get() < 3) {
            assertTrue(System.nanoTime() < deadline, "the loop asked the role " + checks.get() + " times");
            Thread.onSpinWait();
        }
        assertFalse(ended.isDone());
        owed.countDown();
        assertEquals(null, ended.get(10, TimeUnit.SECONDS));
        assertEquals(LoopState.STOPPED, loop.state());
        assertThrows(IllegalStateException.class, () -> loop.moveTo(LoopState.STOPPING));
        thread.join();
        thread = null;
    }

    @Test
    void aTurnAllocatesNothing() throws Exception {
        Pipe pipe = pipe();
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        ByteBuffer out = ByteBuffer.allocateDirect(1);
        loop.register(pipe.source(), SelectionKey.OP_READ, new IoHandler() {
            @Override
            public void onReady(SelectionKey key) throws IOException {
                in.clear();
                pipe.source().read(in);
            }

            @Override
            public void onFailure(IOException error) {
                throw new AssertionError(error);
            }
        });
        int[] ticks = {0};
        loop.timers().scheduleAt(System.nanoTime(), 1, () -> ticks[0]++); // due on every turn
        LoopRole role = new LoopRole() {
            @Override
            public void beforeSelect() throws IOException {
                out.clear();
                pipe.sink().write(out); // a ready channel on every turn
            }

            @Override
            public boolean doneStopping(long now) {
                return true;
            }
        };
        for (int i = 0; i < 20_000; i++) { // warm up, so the JIT has compiled the turn
            loop.turn(role);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            loop.turn(role);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(ticks[0] >= 30_000, "the timer ran on every turn: " + ticks[0]);
        assertTrue(allocated < 10_000, "10,000 turns allocated " + allocated + " bytes");
    }
}
