package drover.manager.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricSeries;
import drover.common.metrics.MetricType;
import drover.common.metrics.MetricsReport;
import drover.common.metrics.ProcessVitals;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsPageTest {
    private static ServerSnapshot snapshot(String phase, String workerState) {
        return new ServerSnapshot(phase, false, 1700000000, List.of(
                new ProcessSnapshot("reactor", 0, 10, "ready", 1, 0, 0, 0, 0, java.util.Map.of("accepted", 5L, "active", 2L)),
                new ProcessSnapshot("worker", 0, 11, workerState, 1, 7, 1, 0, 2, null),
                new ProcessSnapshot("task_worker", 0, 12, "ready", 1, 4, 0, 0, 0, null)),
                new ServerSnapshot.Reload(3, "ok", 1500, false));
    }

    private static AppMetricsBoard board() {
        AppMetricsBoard board = new AppMetricsBoard();
        board.update("worker", 0, 11, new MetricsReport(new ProcessVitals(100, 200, 3, 40, 500), List.of(
                new MetricFamily("orders", MetricType.COUNTER, "Orders \\ placed.", List.of("kind"), new double[0],
                        List.of(MetricSeries.of(List.of("a\"b"), 3))))));
        board.update("task_worker", 0, 12, new MetricsReport(new ProcessVitals(1, 2, 0, 0, 5), 3, List.of()));
        return board;
    }

    @Test
    void theTextFormatHasHelpTypeAndLabelledSamples() {
        String page = MetricsPage.render(snapshot("running", "ready"), board(), false, pid -> 4096L);
        assertTrue(page.contains("# TYPE drover_requests_total counter\n"
                + "drover_requests_total{role=\"worker\",slot=\"0\",pid=\"11\"} 7\n"), page);
        assertTrue(page.contains("drover_reactor_accepted_total{role=\"reactor\",slot=\"0\",pid=\"10\"} 5\n"), page);
        assertTrue(page.contains("# TYPE drover_reactor_active gauge\n"), page);
        assertTrue(page.contains("drover_process_resident_memory_bytes{role=\"worker\",slot=\"0\",pid=\"11\"} 4096\n"), page);
        assertTrue(page.contains("drover_jvm_gc_seconds_total{role=\"worker\",slot=\"0\",pid=\"11\"} 0.04\n"), page);
        assertTrue(page.contains("# HELP orders_total Orders \\\\ placed.\n# TYPE orders_total counter\n"
                + "orders_total{kind=\"a\\\"b\"} 3\n"), page);
        assertTrue(page.contains("drover_reload_last_duration_seconds 1.5\n"), page);
        assertTrue(page.contains("# TYPE drover_task_queue_depth gauge\n"
                + "drover_task_queue_depth{role=\"task_worker\",slot=\"0\",pid=\"12\"} 3\n"), page);
        assertTrue(!page.contains("# EOF"), page);
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalAndEnds() {
        String page = MetricsPage.render(snapshot("running", "ready"), board(), true, pid -> 0L);
        assertTrue(page.contains("# TYPE orders counter\norders_total{kind=\"a\\\"b\"} 3\n"), page);
        assertTrue(page.endsWith("# EOF\n"), page);
    }

    @Test
    void readinessNamesWhatIsMissing() {
        assertEquals(null, Readiness.reasonNotReady(snapshot("running", "ready")));
        assertEquals("not ready: worker#0 respawning", Readiness.reasonNotReady(snapshot("running", "respawning")));
        assertEquals("starting: worker#0 starting", Readiness.reasonNotReady(snapshot("booting", "starting")));
        assertEquals("the server is stopping", Readiness.reasonNotReady(snapshot("stopping", "draining")));
        ServerSnapshot failed = new ServerSnapshot("stopping", true, 0, List.of(), snapshot("running", "ready").reload());
        assertEquals("the server failed to start and is stopping", Readiness.reasonNotReady(failed));
    }
}
