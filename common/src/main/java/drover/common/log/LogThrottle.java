package drover.common.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rate-limits a warning that a peer can trigger at will (a bad packet, a refused connection): per
 * kind, the first {@link #FULL_PER_INTERVAL} of each {@link #INTERVAL_NANOS} are written in full;
 * the rest are only counted, and one summary line per kind and interval says how many there were.
 * 15,000 bad length headers once wrote 15,000 lines of about 250 bytes in 5 s and filled a small
 * disk; now they write at most 5 lines and a summary per 10 s.
 *
 * <p>Thread-safe. The summary of an interval is written by the first call after it ended, or by
 * {@link #flush}, which the default instance runs once per interval on a daemon thread so that a
 * flood that stops still gets its summary.
 */
final class LogThrottle {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int FULL_PER_INTERVAL = 5;

    private static final class Window {
        long startNanos;
        int written;
        long suppressed;
    }

    private final Consumer<String> sink;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    /** Lines (the message, or a summary) go to the sink; the caller stamps and writes them. */
    LogThrottle(Consumer<String> sink) {
        this.sink = sink;
    }

    /**
     * Writes the message unless this kind already had its share of the current interval.
     * Returns whether it was written.
     */
    boolean offer(String kind, String message, long nowNanos) {
        String summary;
        boolean write;
        synchronized (this) {
            Window window = windows.computeIfAbsent(kind, k -> new Window());
            summary = rollIfEnded(kind, window, nowNanos);
            if (window.written == 0 && window.suppressed == 0) {
                window.startNanos = nowNanos;
            }
            write = window.written < FULL_PER_INTERVAL;
            if (write) {
                window.written++;
            } else {
                window.suppressed++;
            }
        }
        if (summary != null) {
            sink.accept(summary);
        }
        if (write) {
            sink.accept(message);
        }
        return write;
    }

    /** Writes the summary of every interval that has ended; kinds quiet for a whole interval are forgotten. */
    void flush(long nowNanos) {
        List<String> summaries = new ArrayList<>();
        synchronized (this) {
            for (var it = windows.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Window> entry = it.next();
                String summary = rollIfEnded(entry.getKey(), entry.getValue(), nowNanos);
                if (summary != null) {
                    summaries.add(summary);
                } else if (entry.getValue().written == 0) {
                    it.remove();
                }
            }
        }
        summaries.forEach(sink);
    }

    // the interval is over: starts a fresh one and returns the summary of the old one, if it dropped any
    private static String rollIfEnded(String kind, Window window, long nowNanos) {
        if (nowNanos - window.startNanos < INTERVAL_NANOS || (window.written == 0 && window.suppressed == 0)) {
            return null;
        }
        long suppressed = window.suppressed;
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nowNanos - window.startNanos);
        window.written = 0;
        window.suppressed = 0;
        window.startNanos = nowNanos;
        if (suppressed == 0) {
            return null;
        }
        return kind + ": " + suppressed + " more like this in the last " + seconds + " s, not logged one by one (at most "
                + FULL_PER_INTERVAL + " per " + TimeUnit.NANOSECONDS.toSeconds(INTERVAL_NANOS) + " s are)";
    }
}
