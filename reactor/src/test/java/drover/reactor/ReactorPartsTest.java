package drover.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The small pieces a reactor thread is built from: timers, the max_conn quota, the counters. */
class ReactorPartsTest {
    @Test
    void timersRunInDeadlineOrderAndOnlyWhenDue() {
        Timers timers = new Timers();
        List<String> ran = new ArrayList<>();
        long now = System.nanoTime();
        timers.schedule(TimeUnit.SECONDS.toNanos(20), () -> ran.add("late"));
        timers.schedule(TimeUnit.SECONDS.toNanos(10), () -> ran.add("early"));
        timers.runExpired(now);
        assertEquals(List.of(), ran);
        timers.runExpired(now + TimeUnit.SECONDS.toNanos(15));
        assertEquals(List.of("early"), ran);
        timers.runExpired(now + TimeUnit.SECONDS.toNanos(25));
        assertEquals(List.of("early", "late"), ran);
    }

    @Test
    void selectWaitsUntilTheNextTimerButNeverZeroOrMoreThanTheMaximum() {
        Timers timers = new Timers();
        long now = System.nanoTime();
        assertEquals(1000, timers.millisUntilNext(now, 1000));
        timers.schedule(TimeUnit.MILLISECONDS.toNanos(300), () -> { });
        // schedule reads the clock itself, some time after now on a busy machine: allow exactly that much
        long slack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - now);
        long wait = timers.millisUntilNext(now, 1000);
        assertTrue(wait >= 300 && wait <= 301 + slack, "wait " + wait + " (slack " + slack + " ms)");
        assertEquals(1, timers.millisUntilNext(now + TimeUnit.SECONDS.toNanos(5), 1000), "overdue: select(1), not select(0)");
    }

    @Test
    void quotaRefusesBeyondItsMaximumUntilAPlaceIsReleased() {
        ConnectionQuota quota = new ConnectionQuota(2);
        assertTrue(quota.tryAcquire());
        assertTrue(quota.tryAcquire());
        assertFalse(quota.tryAcquire());
        quota.release();
        assertTrue(quota.tryAcquire());
    }

    @Test
    void countersSumAndKeepTheLargerPeaks() {
        ReactorCounters a = new ReactorCounters();
        a.accepted = 3;
        a.outputPeak = 100;
        ReactorCounters b = new ReactorCounters();
        b.accepted = 4;
        b.outputPeak = 50;
        b.overflows = 2;
        ReactorCounters total = new ReactorCounters();
        total.add(a);
        total.add(b);
        assertEquals(7, total.accepted);
        assertEquals(100, total.outputPeak);
        assertTrue(total.toJson().startsWith("{\"accepted\":7,\"closed\":0,"), total.toJson());
        assertTrue(total.toJson().contains("\"overflows\":2,"), total.toJson());
        assertTrue(total.toJson().endsWith("\"link_peak\":0,\"pool_direct_bytes\":0,\"pool_heap_buffers\":0,\"large_stored\":0,"
                + "\"large_read_in_place\":0,\"large_store_busy\":0,\"large_store_failed\":0,\"large_replies_stored\":0,"
                + "\"large_replies_streamed\":0,\"large_returned\":0}"), total.toJson());
    }
}
