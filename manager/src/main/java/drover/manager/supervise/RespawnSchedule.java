package drover.manager.supervise;

import drover.manager.child.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * When each empty slot gets its next child. A child that dies young (within a second of its
 * start) again and again is respawned after a growing delay, 100 ms doubling up to 10 s, so a
 * crash loop does not burn the machine; one that lived longer, or got ready, resets its slot's
 * count. Times are System.nanoTime values passed in, so the policy is testable without a clock.
 */
final class RespawnSchedule {
    static final long QUICK_DEATH_MILLIS = 1000;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 10_000;

    private final Map<Slot, Integer> quickDeaths = new HashMap<>();
    private final Map<Slot, Long> dueNanos = new HashMap<>();

    /** A slot's child died after living livedMillis; returns the delay before its respawn in ms. */
    long afterDeath(Slot slot, long livedMillis, long nowNanos) {
        int quick = livedMillis < QUICK_DEATH_MILLIS ? quickDeaths.merge(slot, 1, Integer::sum) : 0;
        if (quick == 0) {
            quickDeaths.remove(slot);
        }
        long delay = quick == 0 ? 0 : Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(quick - 1, 16));
        dueNanos.put(slot, nowNanos + TimeUnit.MILLISECONDS.toNanos(delay));
        return delay;
    }

    /** How many times in a row the slot's child died young. */
    int quickDeaths(Slot slot) {
        return quickDeaths.getOrDefault(slot, 0);
    }

    /** Its child got ready: whatever killed the earlier ones, this one boots. */
    void onReady(Slot slot) {
        quickDeaths.remove(slot);
    }

    void spawnNow(Slot slot, long nowNanos) {
        dueNanos.put(slot, nowNanos);
    }

    boolean isScheduled(Slot slot) {
        return dueNanos.containsKey(slot);
    }

    void cancel(Slot slot) {
        dueNanos.remove(slot);
    }

    void cancelAll() {
        dueNanos.clear();
    }

    /** Takes the slots due by now that may spawn; the others stay scheduled. */
    List<Slot> takeDue(long nowNanos, Predicate<Slot> maySpawn) {
        List<Slot> due = new ArrayList<>();
        for (Iterator<Map.Entry<Slot, Long>> it = dueNanos.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Slot, Long> entry = it.next();
            if (entry.getValue() - nowNanos <= 0 && maySpawn.test(entry.getKey())) {
                due.add(entry.getKey());
                it.remove();
            }
        }
        return due;
    }

    /** The earliest due time, or fallback when nothing is scheduled earlier. */
    long nextDueNanos(long fallback) {
        long next = fallback;
        for (long at : dueNanos.values()) {
            next = Math.min(next, at);
        }
        return next;
    }
}
