package drover.common.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one timer queue of every loop: reactor housekeeping, a worker's heartbeat and the app's timers. */
class TimerQueueTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final TimerQueue timers = new TimerQueue("test loop");
    final List<String> ran = new ArrayList<>();

    @Test
    void timersRunInDeadlineOrderThenInTheOrderScheduledAndOnlyWhenDue() {
        timers.scheduleAt(20 * MS, 0, () -> ran.add("late"));
        timers.scheduleAt(10 * MS, 0, () -> ran.add("early"));
        timers.scheduleAt(10 * MS, 0, () -> ran.add("early, scheduled second"));
        timers.runDue(9 * MS);
        assertEquals(List.of(), ran);
        timers.runDue(15 * MS);
        assertEquals(List.of("early", "early, scheduled second"), ran);
        timers.runDue(25 * MS);
        timers.runDue(50 * MS);
        assertEquals(List.of("early", "early, scheduled second", "late"), ran);
        assertEquals(0, timers.size());
    }

    @Test
    void aCancelledTimerNeverRunsEvenWhenCancelledFromAnotherThread() throws Exception {
        TimerQueue.Timer cancelled = timers.scheduleAt(10 * MS, 0, () -> ran.add("cancelled"));
        timers.scheduleAt(20 * MS, 0, () -> ran.add("kept"));
        Thread other = new Thread(cancelled::cancel);
        other.start();
        other.join();
        timers.runDue(100 * MS);
        assertEquals(List.of("kept"), ran);
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void aRepeatingTimerKeepsItsPhaseAndSkipsRunsALateLoopMissed() {
        timers.scheduleAt(10 * MS, 10 * MS, () -> ran.add("tick"));
        timers.runDue(10 * MS);
        timers.runDue(45 * MS); // late: the runs due at 20, 30 and 40 collapse into this one
        timers.runDue(49 * MS);
        assertEquals(2, ran.size(), "not yet due again at 49 ms");
        timers.runDue(50 * MS);
        assertEquals(List.of("tick", "tick", "tick"), ran);
        assertEquals(1, timers.size());
    }

    @Test
    void aRepeatingTimerMayCancelItselfWhileRunning() {
        TimerQueue.Timer[] self = new TimerQueue.Timer[1];
        self[0] = timers.scheduleAt(5 * MS, 5 * MS, () -> {
            ran.add("once");
            self[0].cancel();
        });
        timers.runDue(5 * MS);
        timers.runDue(100 * MS);
        assertEquals(List.of("once"), ran);
        assertEquals(0, timers.size());
    }

    @Test
    void aTimerThatThrowsIsLoggedAndTheOthersStillRun() {
        timers.scheduleAt(1 * MS, 0, () -> {
            throw new IllegalStateException("a timer's bug");
        });
        timers.scheduleAt(2 * MS, 0, () -> ran.add("after the failure"));
        timers.runDue(10 * MS);
        assertEquals(List.of("after the failure"), ran);
    }

    @Test
    void theWaitIsRoundedUpCappedAndZeroOnceATimerIsDue() {
        assertEquals(1000, timers.millisUntilNext(0, 1000), "no timer: the cap");
        TimerQueue.Timer first = timers.scheduleAt(10 * MS - 1, 0, () -> { });
        assertEquals(10, timers.millisUntilNext(0, 1000), "9.999 ms waits 10, never returns early");
        assertEquals(3, timers.millisUntilNext(0, 3));
        assertEquals(0, timers.millisUntilNext(11 * MS, 1000), "due: the loop polls");
        first.cancel();
        assertEquals(1000, timers.millisUntilNext(0, 1000), "a cancelled timer holds no select short");
    }

    @Test
    void scheduleCountsFromNow() {
        long before = System.nanoTime();
        timers.schedule(300 * MS, () -> ran.add("later"));
        long slack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        long wait = timers.millisUntilNext(before, 1000);
        assertTrue(wait >= 300 && wait <= 301 + slack, "wait " + wait + " (slack " + slack + " ms)");
    }
}
