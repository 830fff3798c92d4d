package drover.worker.api.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A count that only goes up. Without labels, {@link #inc()} it directly; with labels, through {@link #labels}. */
public final class Counter extends Metric<Counter.Series> {
    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    /** The series for these label values (as many as the counter has label names). */
    public Series labels(String... values) {
        return series(values, Series::new);
    }

    /** Adds one to the counter without labels. */
    public void inc() {
        labels().inc();
    }

    /** Adds {@code amount} (zero or more) to the counter without labels. */
    public void inc(double amount) {
        labels().inc(amount);
    }

    @Override
    void emit(MetricsVisitor visitor, List<String> labelValues, Series series) {
        visitor.value(labelValues, series.value.sum());
    }

    /** One labelled count; safe from any thread. */
    public static final class Series {
        private final DoubleAdder value = new DoubleAdder();

        public void inc() {
            value.add(1);
        }

        public void inc(double amount) {
            if (!(amount >= 0) || Double.isInfinite(amount)) {
                throw new IllegalArgumentException("a counter only goes up: inc(" + amount + ") refused");
            }
            value.add(amount);
        }

        public double get() {
            return value.sum();
        }
    }
}
