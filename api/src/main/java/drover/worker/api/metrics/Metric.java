package drover.worker.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every kind of metric shares: its name, help, label names and one series per set of label
 * values. {@code S} is the series type the app updates.
 */
abstract sealed class Metric<S> permits Counter, Gauge, Histogram {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, S> series = new ConcurrentHashMap<>();

    Metric(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help == null ? "" : help;
        this.labelNames = labelNames;
    }

    String name() {
        return name;
    }

    List<String> labelNames() {
        return labelNames;
    }

    double[] bounds() {
        return new double[0];
    }

    String describe() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " with labels " + labelNames;
    }

    /** The series for these label values, made at first use. */
    S series(String[] values, Supplier<S> make) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException("metric '" + name + "' has labels " + labelNames + "; got "
                    + values.length + " value(s)");
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("metric '" + name + "': a label value is null");
            }
        }
        List<String> key = List.of(values);
        S known = series.get(key);
        if (known != null) {
            return known;
        }
        if (series.size() >= Metrics.MAX_SERIES) {
            throw new IllegalStateException("metric '" + name + "' already has " + Metrics.MAX_SERIES
                    + " label sets; refusing " + key + " (is a label fed from unbounded input?)");
        }
        return series.computeIfAbsent(key, k -> make.get());
    }

    void collect(MetricsVisitor visitor) {
        visitor.family(name, getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), help, labelNames, bounds());
        series.forEach((values, s) -> emit(visitor, values, s));
    }

    abstract void emit(MetricsVisitor visitor, List<String> labelValues, S series);
}
