package drover.common.metrics;

import java.util.List;

/** One app metric as the app declared it (name, type, help, label names, a histogram's bounds) and its series. */
public record MetricFamily(String name, MetricType type, String help, List<String> labelNames, double[] bounds,
                           List<MetricSeries> series) {
    public MetricFamily {
        labelNames = List.copyOf(labelNames);
        series = List.copyOf(series);
    }

    /** Same name, type, label names and bounds: series of the two can be added up. */
    public boolean sameShape(MetricFamily other) {
        return name.equals(other.name) && type == other.type && labelNames.equals(other.labelNames)
                && java.util.Arrays.equals(bounds, other.bounds);
    }
}
