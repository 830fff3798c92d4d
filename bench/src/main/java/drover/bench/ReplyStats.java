package drover.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/** Replies counted and timed by one load thread; the reporter samples them from another thread. */
final class ReplyStats {
    /** Latencies above this are recorded as this (a reply later than --timeout is an error anyway). */
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final SingleWriterRecorder latencies = new SingleWriterRecorder(MAX_LATENCY_NANOS, 3);
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Called by the owning load thread only. */
    void record(long latencyNanos, int packetBytes) {
        latencies.recordValue(Math.min(Math.max(latencyNanos, 0), MAX_LATENCY_NANOS));
        replies.setRelease(replies.getPlain() + 1);
        bytes.setRelease(bytes.getPlain() + packetBytes);
    }

    long replies() {
        return replies.getAcquire();
    }

    long bytes() {
        return bytes.getAcquire();
    }

    /** The latencies recorded since the last call, added into {@code into}. */
    void drainLatenciesInto(Histogram into) {
        into.add(latencies.getIntervalHistogram());
    }
}
