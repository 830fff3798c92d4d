package drover.common.metrics;

import java.util.List;

/**
 * One labelled series of a family. A counter or gauge has {@code value}; a histogram has
 * {@code cumulativeBuckets} (observations at or below each bound of its family, in order), {@code sum}
 * and {@code count} (every observation, so also the +Inf bucket).
 */
public record MetricSeries(List<String> labelValues, double value, long[] cumulativeBuckets, double sum, long count) {
    public static MetricSeries of(List<String> labelValues, double value) {
        return new MetricSeries(List.copyOf(labelValues), value, new long[0], 0, 0);
    }

    public static MetricSeries histogram(List<String> labelValues, long[] cumulativeBuckets, double sum, long count) {
        return new MetricSeries(List.copyOf(labelValues), 0, cumulativeBuckets.clone(), sum, count);
    }
}
