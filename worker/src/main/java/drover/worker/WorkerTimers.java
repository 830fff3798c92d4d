package drover.worker;

import drover.common.loop.TimerQueue;
import drover.worker.api.TimerCallback;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The app's timers (Server.after/tick/clearTimer): their ids and which are live, over the worker
 * loop's own TimerQueue. Any thread may create or cancel one; only the loop thread arms them, and
 * they run with the loop's other timers. A cancelled timer leaves the live map at once, and its queue
 * entry is dropped when it comes up.
 */
final class WorkerTimers {
    static final long MAX_DELAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    /** One app timer; intervalNanos is 0 for a one-shot. */
    static final class Timer {
        private final long id;
        private final long intervalNanos;
        private final TimerCallback callback;
        /** Its entry in the loop's queue, once armed; read by a cancel on any thread. */
        private volatile TimerQueue.Timer queued;

        Timer(long id, long intervalNanos, TimerCallback callback) {
            this.id = id;
            this.intervalNanos = intervalNanos;
            this.callback = callback;
        }

        long id() {
            return id;
        }

        TimerCallback callback() {
            return callback;
        }
    }

    private final TimerQueue queue;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Timer> live = new ConcurrentHashMap<>();

    /** @param queue the loop's timer queue */
    WorkerTimers(TimerQueue queue) {
        this.queue = queue;
    }

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

    /**
     * Loop thread: queues the timer to fire at dueNanos (taken when the app asked, not when this runs);
     * {@code fire} runs it (a tick is re-armed first, so it may clear itself).
     */
    void arm(Timer timer, long dueNanos, Consumer<Timer> fire) {
        if (live.get(timer.id()) != timer) {
            return;
        }
        timer.queued = queue.scheduleAt(dueNanos, timer.intervalNanos, () -> fire(timer, fire));
        if (live.get(timer.id()) != timer) {
            timer.queued.cancel(); // cleared on another thread while it was being armed
        }
    }

    private void fire(Timer timer, Consumer<Timer> fire) {
        if (timer.intervalNanos == 0) {
            live.remove(timer.id(), timer);
        }
        fire.accept(timer);
    }

    boolean cancel(long id) {
        Timer timer = live.remove(id);
        if (timer == null) {
            return false;
        }
        TimerQueue.Timer queued = timer.queued;
        if (queued != null) {
            queued.cancel();
        }
        return true;
    }

    int pending() {
        return live.size();
    }

    /** Drops every app timer: the worker is exiting. */
    void clear() {
        for (Long id : live.keySet()) {
            cancel(id);
        }
    }
}
