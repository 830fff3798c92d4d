package drover.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private final List<String> lines = new ArrayList<>();
    private final LogThrottle throttle = new LogThrottle(lines::add);

    @Test
    void aFloodWritesAFewLinesAndOneSummaryWithTheCountPerInterval() {
        long t0 = 1_000_000_000L;
        for (int i = 0; i < 15_000; i++) {
            throttle.offer("rejected packet", "bad length header #" + i, t0 + i * 1000L); // 15 ms in all
        }
        assertEquals(LogThrottle.FULL_PER_INTERVAL, lines.size(), lines.toString());
        assertEquals("bad length header #0", lines.getFirst());

        throttle.flush(t0 + LogThrottle.INTERVAL_NANOS);
        assertEquals(LogThrottle.FULL_PER_INTERVAL + 1, lines.size(), lines.toString());
        String summary = lines.getLast();
        assertTrue(summary.startsWith("rejected packet: " + (15_000 - LogThrottle.FULL_PER_INTERVAL) + " more like this"), summary);
    }

    @Test
    void theNextIntervalWritesInFullAgainAfterTheSummary() {
        long t0 = 0;
        for (int i = 0; i < 8; i++) {
            throttle.offer("k", "m" + i, t0);
        }
        long later = t0 + LogThrottle.INTERVAL_NANOS + 1;
        assertTrue(throttle.offer("k", "fresh", later));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), lines.subList(0, 5));
        assertTrue(lines.get(5).startsWith("k: 3 more like this"), lines.toString());
        assertEquals("fresh", lines.get(6));
    }

    @Test
    void kindsAreCountedApartAndAQuietKindWritesNoSummary() {
        for (int i = 0; i < LogThrottle.FULL_PER_INTERVAL; i++) {
            throttle.offer("a", "a" + i, 0);
        }
        throttle.offer("b", "b0", 0);
        throttle.flush(TimeUnit.SECONDS.toNanos(60));
        assertEquals(LogThrottle.FULL_PER_INTERVAL + 1, lines.size(), "nothing was dropped, so no summary: " + lines);
    }
}
