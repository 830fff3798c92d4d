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

class AppMetricsBoardTest {
    private static final ProcessVitals VITALS = new ProcessVitals(1, 2, 3, 4, 5);

    private static MetricsReport report(double orders, double queue) {
        return new MetricsReport(VITALS, List.of(
                new MetricFamily("orders_total", MetricType.COUNTER, "Orders.", List.of(), new double[0],
                        List.of(MetricSeries.of(List.of(), orders))),
                new MetricFamily("queue", MetricType.GAUGE, "Queue.", List.of(), new double[0],
                        List.of(MetricSeries.of(List.of(), queue)))));
    }

    private static double orders(AppMetricsBoard board) {
        return board.summed().stream().filter(f -> f.name().equals("orders_total")).findFirst()
                .map(f -> f.series().getFirst().value()).orElse(-1.0);
    }

    @Test
    void countersAreSummedAcrossProcesses() {
        AppMetricsBoard board = new AppMetricsBoard();
        board.update("worker", 0, 100, report(3, 1));
        board.update("worker", 1, 101, report(4, 2));
        assertEquals(7, orders(board));
        board.update("worker", 0, 100, report(5, 1)); // a later report replaces the earlier one: totals, not deltas
        assertEquals(9, orders(board));
        assertEquals(2, board.gauges().size(), "a gauge per process");
    }

    @Test
    void aReplacedProcessesCountsStayWhenItsSuccessorStartsFromZero() {
        AppMetricsBoard board = new AppMetricsBoard();
        board.update("worker", 0, 100, report(10, 1));
        board.update("worker", 0, 200, report(0, 0)); // the reload's new worker, beside the old one
        assertEquals(10, orders(board));
        board.retire(100);
        assertEquals(10, orders(board), "not backwards when the old worker goes");
        board.update("worker", 0, 200, report(2, 0));
        assertEquals(12, orders(board));
        assertEquals(1, board.gauges().size(), "the gone worker's gauge goes with it");
        assertEquals(null, board.vitals(100));
        board.retire(100); // twice: no double count
        assertEquals(12, orders(board));
    }

    @Test
    void histogramsAddBucketSumAndCount() {
        AppMetricsBoard board = new AppMetricsBoard();
        for (long pid : new long[] {1, 2}) {
            board.update("worker", (int) pid, pid, new MetricsReport(VITALS, List.of(new MetricFamily("lat", MetricType.HISTOGRAM,
                    "", List.of("op"), new double[] {1, 2}, List.of(MetricSeries.histogram(List.of("get"), new long[] {1, 2}, 1.5, 3))))));
        }
        board.retire(1);
        MetricSeries sum = board.summed().getFirst().series().getFirst();
        assertEquals(List.of(2L, 4L), List.of(sum.cumulativeBuckets()[0], sum.cumulativeBuckets()[1]));
        assertEquals(3.0, sum.sum());
        assertEquals(6, sum.count());
        assertTrue(board.livePids().contains(2L));
    }
}
