package drover.common.metrics;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link MetricsReport} as a METRICS frame's payload (docs/FRAMES.md): a version byte, the
 * vitals as five longs, the queued tasks as a long, then each family (name, type, help, label names, bounds) with its series. Binary
 * rather than text so that label values and help need no escaping and doubles cross exactly.
 */
public final class AppMetricsEncoder {
    static final int VERSION = 1;

    private AppMetricsEncoder() {
    }

    public static byte[] encode(MetricsReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ProcessVitals v = report.vitals();
            out.writeLong(v.heapUsedBytes());
            out.writeLong(v.heapCommittedBytes());
            out.writeLong(v.gcCount());
            out.writeLong(v.gcMillis());
            out.writeLong(v.rssBytes());
            out.writeLong(report.queuedTasks());
            out.writeInt(report.families().size());
            for (MetricFamily family : report.families()) {
                writeFamily(out, family);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static void writeFamily(DataOutputStream out, MetricFamily family) throws IOException {
        out.writeUTF(family.name());
        out.writeByte(family.type().code());
        out.writeUTF(family.help());
        out.writeShort(family.labelNames().size());
        for (String label : family.labelNames()) {
            out.writeUTF(label);
        }
        out.writeShort(family.bounds().length);
        for (double bound : family.bounds()) {
            out.writeDouble(bound);
        }
        out.writeInt(family.series().size());
        for (MetricSeries series : family.series()) {
            for (String value : series.labelValues()) {
                out.writeUTF(value);
            }
            if (family.type() == MetricType.HISTOGRAM) {
                for (long bucket : series.cumulativeBuckets()) {
                    out.writeLong(bucket);
                }
                out.writeDouble(series.sum());
                out.writeLong(series.count());
            } else {
                out.writeDouble(series.value());
            }
        }
    }
}
