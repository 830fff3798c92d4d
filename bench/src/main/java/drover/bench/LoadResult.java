package drover.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The figures of one run (one body size), over its measured window only. */
record LoadResult(LoadPlan plan, int bodySize, double seconds, long replies, long bytes, Histogram latencies,
                  LoadErrors errors) {

    double msgsPerSecond() {
        return seconds > 0 ? replies / seconds : 0;
    }

    /** Reply bytes (length field included) per second, in MB of 10^6 bytes: one direction only. */
    double megabytesPerSecond() {
        return seconds > 0 ? bytes / seconds / 1e6 : 0;
    }

    long percentileMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000;
    }

    long maxMicros() {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1000;
    }

    /** For people. */
    String summary() {
        String head = String.format(Locale.ROOT, "echo %s x %d connections, pipeline %d, %.1f s measured against %s",
                Units.describeSize(bodySize), plan.connections(), plan.pipeline(), seconds,
                plan.address().getAddress().getHostAddress() + ":" + plan.address().getPort());
        String figures = seconds > 0
                ? String.format(Locale.ROOT, "  %.0f msgs/s  %.2f MB/s  latency p50 %s  p90 %s  p99 %s  max %s",
                        msgsPerSecond(), megabytesPerSecond(), millis(percentileMicros(50)),
                        millis(percentileMicros(90)), millis(percentileMicros(99)), millis(maxMicros()))
                : "  stopped before the warmup ended: nothing measured";
        return head + "\n" + figures + "\n  " + errors.describe();
    }

    /** One line of key=value for scripts (scripts/bench.sh reads it). */
    String resultLine() {
        return String.format(Locale.ROOT, "RESULT size=%d connections=%d pipeline=%d seconds=%.2f msgs=%d msgs_per_s=%.0f"
                        + " mb_per_s=%.2f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d bad_replies=%d"
                        + " disconnects=%d connect_failures=%d timeouts=%d out_of_order=%d",
                bodySize, plan.connections(), plan.pipeline(), seconds, replies, msgsPerSecond(), megabytesPerSecond(),
                percentileMicros(50), percentileMicros(90), percentileMicros(99), maxMicros(), errors.total(),
                errors.badReplies.sum(), errors.disconnects.sum(), errors.connectFailures.sum(),
                errors.timeouts.sum(), errors.outOfOrder.sum());
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }
}
