package drover.reactor;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/** One reactor thread's timers (heartbeat checks, accept back-off); used only by that thread. */
final class Timers {
    private record Timer(long deadlineNanos, long order, Runnable task) {}

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.deadlineNanos != b.deadlineNanos
            ? Long.compare(a.deadlineNanos - b.deadlineNanos, 0) : Long.compare(a.order, b.order));
    private long added;

    void schedule(long delayNanos, Runnable task) {
        queue.add(new Timer(System.nanoTime() + delayNanos, added++, task));
    }

    /** How long select may block: until the next timer, at most maxMillis; never 0 (that blocks forever). */
    long millisUntilNext(long now, long maxMillis) {
        Timer next = queue.peek();
        if (next == null) {
            return maxMillis;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(next.deadlineNanos - now) + 1;
        return Math.max(1, Math.min(maxMillis, millis));
    }

    /** Runs every timer that is due; a task may schedule new timers. */
    void runExpired(long now) {
        Timer next;
        while ((next = queue.peek()) != null && next.deadlineNanos - now <= 0) {
            queue.poll();
            next.task.run();
        }
    }
}
