package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.loop.TimerQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The app's timers (Server.after/tick/clearTimer) on the loop's one TimerQueue. */
class WorkerTimersTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final TimerQueue queue = new TimerQueue("test loop");
    final WorkerTimers timers = new WorkerTimers(queue);
    final List<Long> fired = new ArrayList<>();
    final Consumer<WorkerTimers.Timer> fire = timer -> timer.callback().onTimer(timer.id());

    WorkerTimers.Timer armed(long millis, boolean repeat, long now) {
        WorkerTimers.Timer timer = timers.create(millis, repeat, fired::add);
        timers.arm(timer, now + millis * MS, fire);
        return timer;
    }

    void runAt(long now) {
        queue.runDue(now);
    }

    @Test
    void afterFiresOnceWhenDue() {
        WorkerTimers.Timer timer = armed(10, false, 0);
        runAt(9 * MS);
        assertEquals(List.of(), fired);
        runAt(10 * MS);
        runAt(50 * MS);
        assertEquals(List.of(timer.id()), fired);
        assertEquals(0, timers.pending());
        assertFalse(timers.cancel(timer.id()), "a one-shot that ran is no longer pending");
    }

    @Test
    void tickKeepsItsPhaseAndSkipsRunsALateLoopMissed() {
        WorkerTimers.Timer tick = armed(10, true, 0);
        runAt(10 * MS);
        runAt(45 * MS); // late: the runs due at 20, 30 and 40 collapse into this one
        runAt(49 * MS);
        runAt(50 * MS);
        assertEquals(List.of(tick.id(), tick.id(), tick.id()), fired);
        assertEquals(1, timers.pending());
    }

    @Test
    void clearedTimersNeverFireAndEarlierOnesComeFirst() {
        WorkerTimers.Timer late = armed(30, false, 0);
        WorkerTimers.Timer cleared = armed(10, true, 0);
        WorkerTimers.Timer early = armed(20, false, 0);
        assertTrue(timers.cancel(cleared.id()));
        assertFalse(timers.cancel(cleared.id()));
        runAt(100 * MS);
        assertEquals(List.of(early.id(), late.id()), fired);
    }

    @Test
    void aTickMayClearItselfWhileRunning() {
        WorkerTimers.Timer[] self = new WorkerTimers.Timer[1];
        self[0] = timers.create(5, true, id -> {
            fired.add(id);
            timers.cancel(id);
        });
        timers.arm(self[0], 5 * MS, fire);
        runAt(5 * MS);
        runAt(100 * MS);
        assertEquals(List.of(self[0].id()), fired);
    }

    @Test
    void waitIsRoundedUpAndCapped() {
        assertEquals(1000, queue.millisUntilNext(0, 1000), "no timer: the cap");
        timers.arm(timers.create(10, false, fired::add), 10 * MS - 1, fire);
        assertEquals(10, queue.millisUntilNext(0, 1000), "9.999 ms waits 10, never returns early");
        assertEquals(0, queue.millisUntilNext(11 * MS, 1000));
        assertEquals(3, queue.millisUntilNext(0, 3));
    }

    @Test
    void delaysOutsideOneMillisecondToOneDayAreRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> timers.create(0, false, fired::add));
        assertTrue(zero.getMessage().contains("after delay 0 ms outside 1..86400000"), zero.getMessage());
        IllegalArgumentException long_ = assertThrows(IllegalArgumentException.class,
                () -> timers.create(86_400_001, true, fired::add));
        assertTrue(long_.getMessage().contains("tick interval 86400001 ms"), long_.getMessage());
        assertThrows(IllegalArgumentException.class, () -> timers.create(5, false, null));
        assertEquals(0, timers.pending());
    }

    @Test
    void idsAreUniqueAndNeverZero() {
        long a = timers.create(1, false, fired::add).id();
        long b = timers.create(1, false, fired::add).id();
        assertTrue(a != 0 && b != 0 && a != b);
    }
}
