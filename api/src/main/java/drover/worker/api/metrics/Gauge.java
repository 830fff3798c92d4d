package drover.worker.api.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down; the manager shows it per process. */
public final class Gauge extends Metric<Gauge.Series> {
    Gauge(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    public Series labels(String... values) {
        return series(values, Series::new);
    }

    public void set(double value) {
        labels().set(value);
    }

    public void add(double delta) {
        labels().add(delta);
    }

    @Override
    void emit(MetricsVisitor visitor, List<String> labelValues, Series series) {
        visitor.value(labelValues, series.get());
    }

    /** One labelled value; safe from any thread. */
    public static final class Series {
        private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));

        public void set(double value) {
            bits.set(Double.doubleToLongBits(value));
        }

        public void add(double delta) {
            bits.getAndUpdate(b -> Double.doubleToLongBits(Double.longBitsToDouble(b) + delta));
        }

        public double get() {
            return Double.longBitsToDouble(bits.get());
        }
    }
}
