package drover.worker.api.metrics;

import java.util.List;

/** Observations counted into fixed buckets, with their sum and count. */
public final class Histogram extends Metric<Histogram.Series> {
    private final double[] bounds;

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        super(name, help, labelNames);
        this.bounds = bounds;
    }

    @Override
    double[] bounds() {
        return bounds.clone();
    }

    public Series labels(String... values) {
        return series(values, () -> new Series(bounds));
    }

    public void observe(double value) {
        labels().observe(value);
    }

    @Override
    void emit(MetricsVisitor visitor, List<String> labelValues, Series series) {
        series.emit(visitor, labelValues);
    }

    /** One labelled histogram; safe from any thread (observations are counted under its lock: a few ns each). */
    public static final class Series {
        private final double[] bounds;
        private final long[] buckets; // per bucket, not cumulative; the last is +Inf
        private double sum;
        private long count;

        Series(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new long[bounds.length + 1];
        }

        public void observe(double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a histogram cannot observe NaN");
            }
            int bucket = 0;
            while (bucket < bounds.length && value > bounds[bucket]) {
                bucket++;
            }
            synchronized (this) {
                buckets[bucket]++;
                sum += value;
                count++;
            }
        }

        synchronized void emit(MetricsVisitor visitor, List<String> labelValues) {
            long[] cumulative = new long[bounds.length];
            long running = 0;
            for (int i = 0; i < bounds.length; i++) {
                running += buckets[i];
                cumulative[i] = running;
            }
            visitor.histogram(labelValues, cumulative, sum, count);
        }
    }
}
