package drover.common.loop;

import drover.common.log.Log;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event loop's timers, in deadline order (equal deadlines in the order they were scheduled). Only
 * the loop thread schedules and runs them; {@link Timer#cancel} may come from any thread, and a
 * cancelled timer is dropped when it comes up. A repeating timer keeps its phase: runs a late loop
 * missed are skipped, not bunched. Running the due timers allocates nothing.
 */
public final class TimerQueue {
    /** One scheduled task; intervalNanos is 0 for a one-shot. */
    public static final class Timer {
        private final long intervalNanos;
        private final Runnable task;
        private long dueNanos;
        private long order;
        private volatile boolean cancelled;

        private Timer(long dueNanos, long intervalNanos, Runnable task) {
            this.dueNanos = dueNanos;
            this.intervalNanos = intervalNanos;
            this.task = task;
        }

        /** It will not run again; any thread may call this. */
        public void cancel() {
            cancelled = true;
        }

        public boolean isCancelled() {
            return cancelled;
        }
    }

    private final String owner;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos - b.dueNanos, 0) : Long.compare(a.order, b.order));
    private long scheduled;

    /** @param owner names the loop in the log line of a timer that throws */
    public TimerQueue(String owner) {
        this.owner = owner;
    }

    /** A one-shot, delayNanos from now. */
    public Timer schedule(long delayNanos, Runnable task) {
        return scheduleAt(System.nanoTime() + delayNanos, 0, task);
    }

    /** Every intervalNanos, the first one interval from now. */
    public Timer repeat(long intervalNanos, Runnable task) {
        return scheduleAt(System.nanoTime() + intervalNanos, intervalNanos, task);
    }

    /** First at dueNanos (System.nanoTime), then every intervalNanos; 0 for a one-shot. */
    public Timer scheduleAt(long dueNanos, long intervalNanos, Runnable task) {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("timer interval " + intervalNanos + " ns is negative");
        }
        Timer timer = new Timer(dueNanos, intervalNanos, task);
        add(timer);
        return timer;
    }

    private void add(Timer timer) {
        timer.order = scheduled++;
        queue.add(timer);
    }

    /** Timers scheduled and not yet run or dropped (a cancelled one counts until it comes up). */
    public int size() {
        return queue.size();
    }

    /** How long the loop may block: until the next timer is due, rounded up, at most maxMillis; 0 when one is due. */
    public long millisUntilNext(long now, long maxMillis) {
        dropCancelledHead();
        Timer next = queue.peek();
        if (next == null) {
            return maxMillis;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(next.dueNanos - now + TimeUnit.MILLISECONDS.toNanos(1) - 1);
        return Math.clamp(millis, 0, maxMillis);
    }

    /**
     * Runs every timer due at {@code now}, earliest first; a task may schedule or cancel timers. A
     * repeating one is put back before it runs, so it may cancel itself. A task that throws is logged
     * and the others still run.
     */
    public void runDue(long now) {
        dropCancelledHead();
        Timer next;
        while ((next = queue.peek()) != null && next.dueNanos - now <= 0) {
            queue.poll();
            if (next.intervalNanos > 0) {
                long missed = (now - next.dueNanos) / next.intervalNanos;
                next.dueNanos += (missed + 1) * next.intervalNanos;
                add(next);
            }
            try {
                next.task.run();
            } catch (RuntimeException e) {
                Log.error(owner + ": timer failed", e);
            }
            dropCancelledHead();
        }
    }

    /** Drops every timer. */
    public void clear() {
        queue.clear();
    }

    private void dropCancelledHead() {
        Timer head;
        while ((head = queue.peek()) != null && head.cancelled) {
            queue.poll();
        }
    }
}
