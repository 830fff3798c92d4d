package drover.worker.api.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The app's metrics in this process. Declare each once (a static field, or in onWorkerStart) and
 * update it from any thread:
 *
 * <pre>{@code
 * static final Counter ORDERS = Metrics.counter("shop_orders_total", "Orders placed.", "kind");
 * ORDERS.labels("book").inc();
 * }</pre>
 *
 * Declaring a name again with the same type and labels returns the metric already declared; with
 * another type, labels or buckets it is refused. Names follow Prometheus ({@code [a-zA-Z_:][a-zA-Z0-9_:]*},
 * not starting with {@code drover_}, which is the server's own); label names {@code [a-zA-Z_][a-zA-Z0-9_]*},
 * not {@code le}, {@code role}, {@code slot} or {@code pid}, which the server adds.
 */
public final class Metrics {
    /** Label sets one metric may hold; a new one beyond is refused, so a label fed from user input cannot exhaust memory. */
    public static final int MAX_SERIES = 1000;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> RESERVED_LABELS = List.of("le", "role", "slot", "pid", "quantile");
    private static final Map<String, Metric<?>> METRICS = new LinkedHashMap<>();

    private Metrics() {
    }

    /** A count that only goes up (requests served, errors); its name should end in {@code _total}. */
    public static Counter counter(String name, String help, String... labelNames) {
        return declare(new Counter(name, help, labelNames(labelNames)));
    }

    /** A value that goes up and down (queue length, cache size); shown per process. */
    public static Gauge gauge(String name, String help, String... labelNames) {
        return declare(new Gauge(name, help, labelNames(labelNames)));
    }

    /**
     * Observations counted into buckets with these upper bounds (ascending, finite; a +Inf bucket is
     * always added), with their sum: latencies, sizes.
     */
    public static Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        return declare(new Histogram(name, help, checkedBounds(name, bounds), labelNames(labelNames)));
    }

    /** For the server: hands every metric's current values to the visitor. Apps need not call it. */
    public static void collect(MetricsVisitor visitor) {
        List<Metric<?>> all;
        synchronized (METRICS) {
            all = new ArrayList<>(METRICS.values());
        }
        for (Metric<?> metric : all) {
            metric.collect(visitor);
        }
    }

    @SuppressWarnings("unchecked")
    private static <M extends Metric<?>> M declare(M metric) {
        String name = metric.name();
        if (name == null || !NAME.matcher(name).matches() || name.startsWith("drover_")) {
            throw new IllegalArgumentException("metric name '" + name + "' refused: it must match "
                    + NAME.pattern() + " and not start with drover_");
        }
        synchronized (METRICS) {
            Metric<?> known = METRICS.get(name);
            if (known == null) {
                METRICS.put(name, metric);
                return metric;
            }
            if (known.getClass() != metric.getClass() || !known.labelNames().equals(metric.labelNames())
                    || !Arrays.equals(known.bounds(), metric.bounds())) {
                throw new IllegalArgumentException("metric '" + name + "' is already declared as "
                        + known.describe() + ", not " + metric.describe());
            }
            return (M) known;
        }
    }

    private static List<String> labelNames(String... names) {
        for (String label : names) {
            if (label == null || !LABEL.matcher(label).matches() || label.startsWith("__") || RESERVED_LABELS.contains(label)) {
                throw new IllegalArgumentException("label name '" + label + "' refused: it must match " + LABEL.pattern()
                        + ", not start with __ and not be one of " + RESERVED_LABELS);
            }
        }
        List<String> list = List.of(names);
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("label names repeat: " + list);
        }
        return list;
    }

    private static double[] checkedBounds(String name, double[] bounds) {
        if (bounds == null || bounds.length == 0 || bounds.length > 100) {
            throw new IllegalArgumentException("histogram '" + name + "' needs 1..100 bucket bounds");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("histogram '" + name + "' bounds must be finite and ascending: "
                        + Arrays.toString(bounds));
            }
        }
        return bounds.clone();
    }
}
