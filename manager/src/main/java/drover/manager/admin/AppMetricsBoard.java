package drover.manager.admin;

import drover.common.log.Log;
import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricSeries;
import drover.common.metrics.MetricType;
import drover.common.metrics.MetricsReport;
import drover.common.metrics.ProcessVitals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app metrics of every worker and task worker, added up. Each process reports its totals since it
 * started; when its control link ends, its last totals move into the retired sums, so a counter or
 * histogram shown is the retired sums plus every live process's totals, and never goes backwards when
 * a worker dies, is recycled or reloaded. Gauges are shown per live process. Written by the control
 * socket's reader threads, read by scrapes: every method holds the board's lock.
 */
public final class AppMetricsBoard {
    /** A live process's last report, with who it is. */
    record Report(String role, int slot, long pid, MetricsReport report) {
    }

    private final Map<Long, Report> live = new LinkedHashMap<>();
    /** Counters and histograms of processes gone, by family name. */
    private final Map<String, MetricFamily> retired = new LinkedHashMap<>();

    public synchronized void update(String role, int slot, long pid, MetricsReport report) {
        live.put(pid, new Report(role, slot, pid, report));
    }

    /** The process's control link ended: its counts are final. */
    public synchronized void retire(long pid) {
        Report gone = live.remove(pid);
        if (gone == null) {
            return;
        }
        for (MetricFamily family : gone.report().families()) {
            if (family.type() == MetricType.GAUGE) {
                continue;
            }
            MetricFamily before = retired.get(family.name());
            if (before != null && !before.sameShape(family)) {
                Log.warn("app metric " + family.name() + " changed its type, labels or buckets; its counts from"
                        + " processes before the change are dropped");
                before = null;
            }
            retired.put(family.name(), before == null ? family : add(before, family));
        }
    }

    /** The vitals a live process last reported, or null. */
    public synchronized ProcessVitals vitals(long pid) {
        Report report = live.get(pid);
        return report == null ? null : report.report().vitals();
    }

    /** The tasks waiting in a live task worker at its last report, or -1. */
    public synchronized long queuedTasks(long pid) {
        Report report = live.get(pid);
        return report == null ? -1 : report.report().queuedTasks();
    }

    /** Counters and histograms summed across processes, retired ones included, by family name. */
    public synchronized List<MetricFamily> summed() {
        Map<String, MetricFamily> sums = new LinkedHashMap<>(retired);
        for (Report report : live.values()) {
            for (MetricFamily family : report.report().families()) {
                if (family.type() == MetricType.GAUGE) {
                    continue;
                }
                MetricFamily sum = sums.get(family.name());
                sums.put(family.name(), sum == null || !sum.sameShape(family) ? family : add(sum, family));
            }
        }
        return List.copyOf(sums.values());
    }

    /** Every live process's gauges, each with who reported it. */
    synchronized List<Map.Entry<Report, MetricFamily>> gauges() {
        List<Map.Entry<Report, MetricFamily>> gauges = new ArrayList<>();
        for (Report report : live.values()) {
            for (MetricFamily family : report.report().families()) {
                if (family.type() == MetricType.GAUGE) {
                    gauges.add(Map.entry(report, family));
                }
            }
        }
        return gauges;
    }

    static MetricFamily add(MetricFamily a, MetricFamily b) {
        Map<List<String>, MetricSeries> series = new LinkedHashMap<>();
        for (MetricSeries s : a.series()) {
            series.put(s.labelValues(), s);
        }
        for (MetricSeries s : b.series()) {
            series.merge(s.labelValues(), s, AppMetricsBoard::add);
        }
        return new MetricFamily(b.name(), b.type(), b.help(), b.labelNames(), b.bounds(), new ArrayList<>(series.values()));
    }

    private static MetricSeries add(MetricSeries a, MetricSeries b) {
        long[] buckets = new long[Math.min(a.cumulativeBuckets().length, b.cumulativeBuckets().length)];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = a.cumulativeBuckets()[i] + b.cumulativeBuckets()[i];
        }
        return new MetricSeries(a.labelValues(), a.value() + b.value(), buckets, a.sum() + b.sum(), a.count() + b.count());
    }

    /** For tests: the pids with a live report. */
    synchronized java.util.Set<Long> livePids() {
        return new java.util.HashSet<>(live.keySet());
    }
}
