package drover.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppMetricsCodecTest {
    private static final MetricsReport REPORT = new MetricsReport(new ProcessVitals(1, 2, 3, 4, 5), 6, List.of(
            new MetricFamily("orders_total", MetricType.COUNTER, "Orders, \"quoted\"\nand a line", List.of("kind"),
                    new double[0], List.of(MetricSeries.of(List.of("bo\"ok"), 7), MetricSeries.of(List.of("ünïcode"), 0.5))),
            new MetricFamily("latency", MetricType.HISTOGRAM, "", List.of(), new double[] {0.1, 1},
                    List.of(MetricSeries.histogram(List.of(), new long[] {2, 5}, 3.25, 6)))));

    @Test
    void aReportCrossesWhole() {
        MetricsReport back = AppMetricsDecoder.decode(ByteBuffer.wrap(AppMetricsEncoder.encode(REPORT)));
        assertEquals(REPORT.vitals(), back.vitals());
        assertEquals(6, back.queuedTasks());
        assertEquals(2, back.families().size());
        MetricFamily orders = back.families().get(0);
        assertEquals("Orders, \"quoted\"\nand a line", orders.help());
        assertEquals(List.of("bo\"ok"), orders.series().get(0).labelValues());
        assertEquals(0.5, orders.series().get(1).value());
        MetricFamily latency = back.families().get(1);
        assertTrue(latency.sameShape(REPORT.families().get(1)));
        assertArrayEquals(new long[] {2, 5}, latency.series().get(0).cumulativeBuckets());
        assertEquals(3.25, latency.series().get(0).sum());
        assertEquals(6, latency.series().get(0).count());
    }

    @Test
    void aTruncatedPayloadIsRefusedWithTheReason() {
        byte[] whole = AppMetricsEncoder.encode(REPORT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppMetricsDecoder.decode(ByteBuffer.wrap(Arrays.copyOf(whole, whole.length - 3))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aCountTheLengthCannotHoldIsRefusedBeforeAllocating() {
        ByteBuffer lying = ByteBuffer.allocate(1 + 6 * 8 + 4).put((byte) 1);
        lying.position(1 + 6 * 8);
        lying.putInt(Integer.MAX_VALUE).flip();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppMetricsDecoder.decode(lying));
        assertTrue(e.getMessage().contains("claims"), e.getMessage());
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = AppMetricsEncoder.encode(REPORT);
        bytes[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> AppMetricsDecoder.decode(ByteBuffer.wrap(bytes)));
    }
}
