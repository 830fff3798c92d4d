package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.metrics.AppMetricsDecoder;
import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricType;
import drover.common.metrics.MetricsReport;
import drover.common.metrics.ProcessVitals;
import drover.worker.api.metrics.Counter;
import drover.worker.api.metrics.Histogram;
import drover.worker.api.metrics.Metrics;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppMetricsReportTest {
    private static MetricFamily family(MetricsReport report, String name) {
        return report.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theAppsMetricsReachTheFrameWithTheirLabelsAndBuckets() {
        Counter hits = Metrics.counter("report_test_hits_total", "Hits.", "path");
        hits.labels("/a").inc();
        hits.labels("/a").inc(2);
        hits.labels("/b").inc();
        Histogram latency = Metrics.histogram("report_test_latency_seconds", "Latency.", new double[] {0.1, 1});
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(7);
        MetricsReport report = AppMetricsDecoder.decode(ByteBuffer.wrap(
                AppMetricsReport.encodeNow(new ProcessVitals(1, 2, 3, 4, 5))));
        MetricFamily counted = family(report, "report_test_hits_total");
        assertEquals(MetricType.COUNTER, counted.type());
        assertEquals(3.0, counted.series().stream().filter(s -> s.labelValues().equals(List.of("/a"))).findFirst()
                .orElseThrow().value());
        MetricFamily histogram = family(report, "report_test_latency_seconds");
        assertEquals(1, histogram.series().get(0).cumulativeBuckets()[0]);
        assertEquals(2, histogram.series().get(0).cumulativeBuckets()[1]);
        assertEquals(3, histogram.series().get(0).count());
        assertEquals(7.55, histogram.series().get(0).sum(), 1e-9);
        assertEquals(5, report.vitals().rssBytes());
    }

    @Test
    void declaringAgainGivesTheSameMetricAndAConflictIsRefused() {
        Counter first = Metrics.counter("report_test_again_total", "Again.", "k");
        assertSame(first, Metrics.counter("report_test_again_total", "Again.", "k"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.gauge("report_test_again_total", "Again.", "k"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.counter("report_test_again_total", "Again.", "other"));
    }

    @Test
    void badNamesLabelsAndValuesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Metrics.counter("drover_mine", "x"))
                .getMessage().contains("drover_"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.counter("has space", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.counter("report_test_le", "x", "le"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.histogram("report_test_h", "x", new double[] {2, 1}));
        Counter c = Metrics.counter("report_test_bad_total", "x", "k");
        assertThrows(IllegalArgumentException.class, () -> c.labels("a").inc(-1));
        assertThrows(IllegalArgumentException.class, () -> c.labels("a", "b"));
        assertThrows(IllegalArgumentException.class, c::inc); // it has a label
    }

    @Test
    void aLabelFedFromUnboundedInputIsCappedAtMaxSeries() {
        Counter c = Metrics.counter("report_test_many_total", "x", "id");
        for (int i = 0; i < Metrics.MAX_SERIES; i++) {
            c.labels(Integer.toString(i)).inc();
        }
        c.labels("0").inc(); // a known one still works
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.labels("one too many"));
        assertTrue(e.getMessage().contains("label sets"), e.getMessage());
    }
}
