package drover.common.metrics;

import java.util.List;

/**
 * What one METRICS frame carries: the sender's vitals, the tasks waiting in it (a task worker; -1 for a
 * worker) and its app's metrics, as totals since it started.
 */
public record MetricsReport(ProcessVitals vitals, long queuedTasks, List<MetricFamily> families) {
    public MetricsReport(ProcessVitals vitals, List<MetricFamily> families) {
        this(vitals, -1, families);
    }

    public MetricsReport {
        families = List.copyOf(families);
    }
}
