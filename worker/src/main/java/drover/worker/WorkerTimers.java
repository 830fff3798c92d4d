package drover.worker;

import drover.worker.api.TimerCallback;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The app's timers (Server.after/tick/clearTimer). Any thread may create or cancel one; only the
 * loop thread arms them and runs what is due, so the due queue needs no lock. A cancelled timer
 * leaves the live map at once, and its stale queue entry is skipped when it comes up.
 */
final class WorkerTimers {
    static final long MAX_DELAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    /** One timer; intervalNanos is 0 for a one-shot. */
    record Timer(long id, long intervalNanos, TimerCallback callback) {
    }

    private record Due(long atNanos, Timer timer) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Timer> live = new ConcurrentHashMap<>();
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos - b.atNanos, 0));

    /** A new live timer, not yet armed; the delay is checked here, on the caller's thread. */
    Timer create(long delayMillis, boolean repeat, TimerCallback callback) {
        if (delayMillis < 1 || delayMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException((repeat ? "tick interval " : "after delay ") + delayMillis
                    + " ms outside 1.." + MAX_DELAY_MILLIS + " ms");
        }
        if (callback == null) {
            throw new IllegalArgumentException("timer callback is null");
        }
        Timer timer = new Timer(ids.incrementAndGet(), repeat ? TimeUnit.MILLISECONDS.toNanos(delayMillis) : 0, callback);
        live.put(timer.id(), timer);
        return timer;
    }

    /** Loop thread: queues the timer to fire at dueNanos (taken when the app asked, not when this runs). */
    void arm(Timer timer, long dueNanos) {
        if (live.get(timer.id()) == timer) {
            queue.add(new Due(dueNanos, timer));
        }
    }

    boolean cancel(long id) {
        return live.remove(id) != null;
    }

    int pending() {
        return live.size();
    }

    /** Loop thread: how long the loop may wait before the next timer is due, at most max. */
    long millisUntilNext(long now, long maxMillis) {
        dropCancelledHead();
        Due next = queue.peek();
        if (next == null) {
            return maxMillis;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(next.atNanos - now + TimeUnit.MILLISECONDS.toNanos(1) - 1);
        return Math.clamp(millis, 0, maxMillis);
    }

    /** Loop thread: hands every due timer to fire (a tick is re-armed first, so it may clear itself). */
    void runDue(long now, Consumer<Timer> fire) {
        dropCancelledHead();
        while (!queue.isEmpty() && queue.peek().atNanos - now <= 0) {
            Due due = queue.poll();
            Timer timer = due.timer();
            if (live.get(timer.id()) != timer) {
                continue;
            }
            if (timer.intervalNanos() == 0) {
                live.remove(timer.id());
            } else {
                // the next run keeps the phase; runs a late loop missed are skipped, not bunched
                long missed = (now - due.atNanos) / timer.intervalNanos();
                queue.add(new Due(due.atNanos + (missed + 1) * timer.intervalNanos(), timer));
            }
            fire.accept(timer);
            dropCancelledHead();
        }
    }

    /** Drops every timer: the worker is exiting. */
    void clear() {
        live.clear();
        queue.clear();
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && live.get(queue.peek().timer().id()) != queue.peek().timer()) {
            queue.poll();
        }
    }
}
