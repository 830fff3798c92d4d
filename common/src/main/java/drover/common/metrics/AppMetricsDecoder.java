package drover.common.metrics;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link AppMetricsEncoder} wrote. A payload that is truncated, of another version or with
 * counts its length cannot hold is refused with an {@link IllegalArgumentException} saying why, before
 * anything is allocated for those counts.
 */
public final class AppMetricsDecoder {
    static final int MAX_LABELS = 32;
    static final int MAX_BOUNDS = 256;

    private AppMetricsDecoder() {
    }

    public static MetricsReport decode(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != AppMetricsEncoder.VERSION) {
                throw new IllegalArgumentException("METRICS payload of version " + version + ", expected " + AppMetricsEncoder.VERSION);
            }
            ProcessVitals vitals = new ProcessVitals(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            long queuedTasks = in.readLong();
            int count = bounded(in.readInt(), bytes.length, "families");
            List<MetricFamily> families = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                families.add(readFamily(in, bytes.length));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("METRICS payload has " + in.available() + " bytes after its last family");
            }
            return new MetricsReport(vitals, queuedTasks, families);
        } catch (EOFException e) {
            throw new IllegalArgumentException("METRICS payload of " + bytes.length + " bytes is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException("METRICS payload unreadable: " + e.getMessage());
        }
    }

    private static MetricFamily readFamily(DataInputStream in, int length) throws IOException {
        String name = in.readUTF();
        MetricType type = MetricType.of(in.readUnsignedByte());
        String help = in.readUTF();
        int labelCount = limited(in.readUnsignedShort(), MAX_LABELS, "labels of " + name);
        List<String> labels = new ArrayList<>(labelCount);
        for (int i = 0; i < labelCount; i++) {
            labels.add(in.readUTF());
        }
        double[] bounds = new double[limited(in.readUnsignedShort(), MAX_BOUNDS, "bounds of " + name)];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = in.readDouble();
        }
        int seriesCount = bounded(in.readInt(), length, "series of " + name);
        List<MetricSeries> series = new ArrayList<>(seriesCount);
        for (int s = 0; s < seriesCount; s++) {
            List<String> values = new ArrayList<>(labelCount);
            for (int i = 0; i < labelCount; i++) {
                values.add(in.readUTF());
            }
            if (type == MetricType.HISTOGRAM) {
                long[] buckets = new long[bounds.length];
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] = in.readLong();
                }
                series.add(MetricSeries.histogram(values, buckets, in.readDouble(), in.readLong()));
            } else {
                series.add(MetricSeries.of(values, in.readDouble()));
            }
        }
        return new MetricFamily(name, type, help, labels, bounds, series);
    }

    // every entry takes at least one byte, so a count above the payload's length is a lie
    private static int bounded(int count, int length, String what) {
        if (count < 0 || count > length) {
            throw new IllegalArgumentException("METRICS payload of " + length + " bytes claims " + count + " " + what);
        }
        return count;
    }

    private static int limited(int count, int max, String what) {
        if (count > max) {
            throw new IllegalArgumentException("METRICS payload claims " + count + " " + what + " (at most " + max + ")");
        }
        return count;
    }
}
