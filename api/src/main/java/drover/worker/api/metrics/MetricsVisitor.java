package drover.worker.api.metrics;

import java.util.List;

/** Receives every metric's values from {@link Metrics#collect}; the server implements it, apps need not. */
public interface MetricsVisitor {
    /** A counter or gauge family begins; its series follow through {@link #value}. */
    void family(String name, String type, String help, List<String> labelNames, double[] bounds);

    void value(List<String> labelValues, double value);

    /** A histogram's series: observations at or below each bound (cumulative), their sum and count. */
    void histogram(List<String> labelValues, long[] cumulativeBuckets, double sum, long count);
}
