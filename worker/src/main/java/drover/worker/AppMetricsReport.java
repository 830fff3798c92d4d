package drover.worker;

import drover.common.metrics.AppMetricsEncoder;
import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricSeries;
import drover.common.metrics.MetricType;
import drover.common.metrics.MetricsReport;
import drover.common.metrics.ProcessVitals;
import drover.worker.api.metrics.Metrics;
import drover.worker.api.metrics.MetricsVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the METRICS frame a worker or task worker sends after each heartbeat: its vitals and every
 * app metric's totals since the process started (the manager adds them up across processes).
 */
final class AppMetricsReport implements MetricsVisitor {
    private final List<MetricFamily> families = new ArrayList<>();
    private String name;
    private MetricType type;
    private String help;
    private List<String> labelNames;
    private double[] bounds;
    private List<MetricSeries> series;

    private AppMetricsReport() {
    }

    /** The payload of a METRICS frame for this process now. */
    static byte[] encodeNow(ProcessVitals vitals) {
        return encodeNow(vitals, -1);
    }

    /** @param queuedTasks tasks waiting in this task worker, or -1 for a worker */
    static byte[] encodeNow(ProcessVitals vitals, long queuedTasks) {
        AppMetricsReport report = new AppMetricsReport();
        Metrics.collect(report);
        report.endFamily();
        return AppMetricsEncoder.encode(new MetricsReport(vitals, queuedTasks, report.families));
    }

    @Override
    public void family(String name, String type, String help, List<String> labelNames, double[] bounds) {
        endFamily();
        this.name = name;
        this.type = MetricType.valueOf(type.toUpperCase(Locale.ROOT));
        this.help = help;
        this.labelNames = labelNames;
        this.bounds = bounds;
        this.series = new ArrayList<>();
    }

    @Override
    public void value(List<String> labelValues, double value) {
        series.add(MetricSeries.of(labelValues, value));
    }

    @Override
    public void histogram(List<String> labelValues, long[] cumulativeBuckets, double sum, long count) {
        series.add(MetricSeries.histogram(labelValues, cumulativeBuckets, sum, count));
    }

    private void endFamily() {
        if (name != null) {
            families.add(new MetricFamily(name, type, help, labelNames, bounds, series));
            name = null;
        }
    }
}
