package drover.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Replies counted and timed by one load thread; the reporter samples them from another thread. Bytes
 * are not counted apart: every reply of a run has the same size, and a second counter read beside
 * the first could be one reply ahead of it.
 */
final class ReplyStats {
    /** Latencies above this are recorded as this (a reply later than --timeout is an error anyway). */
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final SingleWriterRecorder latencies = new SingleWriterRecorder(MAX_LATENCY_NANOS, 3);
    private final AtomicLong replies = new AtomicLong();

    /** Called by the owning load thread only. */
    void record(long latencyNanos) {
        latencies.recordValue(Math.min(Math.max(latencyNanos, 0), MAX_LATENCY_NANOS));
        replies.setRelease(replies.getPlain() + 1);
    }

    long replies() {
        return replies.getAcquire();
    }

    /** The latencies recorded since the last call, added into {@code into}. */
    void drainLatenciesInto(Histogram into) {
        into.add(latencies.getIntervalHistogram());
    }
}
