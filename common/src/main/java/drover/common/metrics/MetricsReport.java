package drover.common.metrics;

import java.util.List;

/** What one METRICS frame carries: the sender's vitals and its app's metrics, as totals since it started. */
public record MetricsReport(ProcessVitals vitals, List<MetricFamily> families) {
    public MetricsReport {
        families = List.copyOf(families);
    }
}
