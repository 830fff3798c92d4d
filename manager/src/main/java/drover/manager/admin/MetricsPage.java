package drover.manager.admin;

import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricSeries;
import drover.common.metrics.MetricType;
import drover.common.metrics.ProcessVitals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The /metrics page: the server's own metrics (drover_*) per process and role from a
 * {@link ServerSnapshot}, each process's memory, and the app's metrics from the {@link AppMetricsBoard}.
 */
final class MetricsPage {
    /** Reactor STATS keys that are levels, not counts (docs/FRAMES.md). */
    private static final Set<String> REACTOR_GAUGES = Set.of("active", "output_peak", "link_peak", "pool_direct_bytes");

    private MetricsPage() {
    }

    static String render(ServerSnapshot snapshot, AppMetricsBoard board, boolean openMetrics,
                         Function<Long, Long> rssOfPid) {
        ExpositionWriter out = new ExpositionWriter(openMetrics);
        server(out, snapshot);
        List<ProcessSnapshot> children = snapshot.processes().stream().filter(p -> p.pid() != 0).toList();
        List<ProcessSnapshot> workerSlots = snapshot.processes().stream().filter(p -> !p.role().equals("reactor")).toList();
        perProcess(out, workerSlots, "drover_requests_total", "counter",
                "Packets (tasks, for a task worker) the slot's current process has served.", p -> p.requests());
        perProcess(out, workerSlots, "drover_restarts_total", "counter",
                "Processes of the slot that died unexpectedly and were respawned.", p -> p.restarts());
        perProcess(out, workerSlots, "drover_kills_total", "counter",
                "Processes of the slot the manager killed (hung, or not ready in time) and replaced.", p -> p.kills());
        perProcess(out, workerSlots, "drover_recycles_total", "counter",
                "Processes of the slot replaced after max_request, task_max_request or worker_max_rss.", p -> p.recycles());
        perProcess(out, snapshot.processes(), "drover_process_ready", "gauge",
                "1 when the slot's process is ready, else 0.", p -> p.ready() ? 1 : 0);
        perProcess(out, children, "drover_process_resident_memory_bytes", "gauge",
                "Resident memory of the process (RSS).", p -> rssOfPid.apply(p.pid()));
        vitals(out, children, board);
        perProcess(out, children.stream().filter(p -> board.queuedTasks(p.pid()) >= 0).toList(), "drover_task_queue_depth",
                "gauge", "Tasks waiting in the task worker (from its last heartbeat).", p -> Math.max(0, board.queuedTasks(p.pid())));
        reactorCounters(out, snapshot.processes());
        appMetrics(out, board);
        return out.finish();
    }

    private static void server(ExpositionWriter out, ServerSnapshot s) {
        out.family("drover_up", "gauge", "1 while the manager runs; the phase label says which phase.")
                .sample("drover_up", List.of("phase", s.phase()), 1);
        out.family("drover_start_time_seconds", "gauge", "When the manager started, in seconds since the epoch.")
                .sample("drover_start_time_seconds", List.of(), s.startedAtEpochSeconds());
        out.family("drover_reloads_total", "counter", "Reloads run since the manager started.")
                .sample("drover_reloads_total", List.of(), s.reload().count());
        out.family("drover_reload_last_success", "gauge", "1 when the last reload succeeded, 0 when it failed or none ran.")
                .sample("drover_reload_last_success", List.of("result", s.reload().lastResult()),
                        s.reload().lastResult().equals("ok") ? 1 : 0);
        out.family("drover_reload_last_duration_seconds", "gauge", "How long the last reload took.")
                .sample("drover_reload_last_duration_seconds", List.of(), s.reload().lastDurationMillis() / 1000.0);
        out.family("drover_reload_in_progress", "gauge", "1 while a reload runs.")
                .sample("drover_reload_in_progress", List.of(), s.reload().inProgress() ? 1 : 0);
    }

    private static void perProcess(ExpositionWriter out, List<ProcessSnapshot> processes, String name, String type,
                                   String help, ToDoubleFunction<ProcessSnapshot> value) {
        if (processes.isEmpty()) {
            return;
        }
        out.family(name, type, help);
        for (ProcessSnapshot p : processes) {
            out.sample(name, labels(p), value.applyAsDouble(p));
        }
    }

    private static List<String> labels(ProcessSnapshot p) {
        return List.of("role", p.role(), "slot", Integer.toString(p.slot()), "pid", p.pid() == 0 ? "" : Long.toString(p.pid()));
    }

    private static void vitals(ExpositionWriter out, List<ProcessSnapshot> children, AppMetricsBoard board) {
        List<ProcessSnapshot> reporting = children.stream().filter(p -> board.vitals(p.pid()) != null).toList();
        perProcess(out, reporting, "drover_jvm_heap_used_bytes", "gauge", "Java heap in use (workers and task workers).",
                p -> vitalsOf(board, p).heapUsedBytes());
        perProcess(out, reporting, "drover_jvm_heap_committed_bytes", "gauge", "Java heap committed (workers and task workers).",
                p -> vitalsOf(board, p).heapCommittedBytes());
        perProcess(out, reporting, "drover_jvm_gc_collections_total", "counter", "Garbage collections the process ran.",
                p -> vitalsOf(board, p).gcCount());
        perProcess(out, reporting, "drover_jvm_gc_seconds_total", "counter", "Time the process spent collecting garbage.",
                p -> vitalsOf(board, p).gcMillis() / 1000.0);
    }

    private static ProcessVitals vitalsOf(AppMetricsBoard board, ProcessSnapshot p) {
        ProcessVitals v = board.vitals(p.pid());
        return v == null ? new ProcessVitals(0, 0, 0, 0, 0) : v; // the process went between the two reads
    }

    private static void reactorCounters(ExpositionWriter out, List<ProcessSnapshot> processes) {
        Map<String, List<String[]>> byKey = new java.util.TreeMap<>();
        for (ProcessSnapshot p : processes) {
            if (!p.role().equals("reactor") || p.reactorCounters() == null) {
                continue;
            }
            p.reactorCounters().forEach((key, value) -> byKey.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new String[] {Integer.toString(p.slot()), Long.toString(p.pid()), Long.toString(value)}));
        }
        byKey.forEach((key, values) -> {
            boolean gauge = REACTOR_GAUGES.contains(key);
            String name = "drover_reactor_" + key + (gauge ? "" : "_total");
            out.family(name, gauge ? "gauge" : "counter", "The reactor's " + key + " (docs/FRAMES.md, STATS).");
            for (String[] v : values) {
                out.sample(name, List.of("role", "reactor", "slot", v[0], "pid", v[1]), Double.parseDouble(v[2]));
            }
        });
    }

    private static void appMetrics(ExpositionWriter out, AppMetricsBoard board) {
        for (MetricFamily family : board.summed()) {
            if (family.type() == MetricType.COUNTER) {
                String name = family.name().endsWith("_total") ? family.name() : family.name() + "_total";
                out.family(name, "counter", family.help());
                family.series().forEach(s -> out.sample(name, pairs(family.labelNames(), s.labelValues()), s.value()));
            } else {
                histogram(out, family);
            }
        }
        String lastGauge = null;
        for (Map.Entry<AppMetricsBoard.Report, MetricFamily> entry : sortedGauges(board)) {
            MetricFamily family = entry.getValue();
            AppMetricsBoard.Report who = entry.getKey();
            if (!family.name().equals(lastGauge)) {
                out.family(family.name(), "gauge", family.help());
                lastGauge = family.name();
            }
            for (MetricSeries s : family.series()) {
                List<String> labels = new ArrayList<>(pairs(family.labelNames(), s.labelValues()));
                labels.addAll(List.of("role", who.role(), "slot", Integer.toString(who.slot()), "pid", Long.toString(who.pid())));
                out.sample(family.name(), labels, s.value());
            }
        }
    }

    // one family's lines must be together: gauges of the same name from every process, one after another
    private static List<Map.Entry<AppMetricsBoard.Report, MetricFamily>> sortedGauges(AppMetricsBoard board) {
        List<Map.Entry<AppMetricsBoard.Report, MetricFamily>> gauges = new ArrayList<>(board.gauges());
        gauges.sort(java.util.Comparator.comparing(e -> e.getValue().name()));
        return gauges;
    }

    private static void histogram(ExpositionWriter out, MetricFamily family) {
        out.family(family.name(), "histogram", family.help());
        for (MetricSeries s : family.series()) {
            List<String> base = pairs(family.labelNames(), s.labelValues());
            for (int i = 0; i < family.bounds().length && i < s.cumulativeBuckets().length; i++) {
                out.sample(family.name() + "_bucket", with(base, "le", ExpositionWriter.number(family.bounds()[i])),
                        s.cumulativeBuckets()[i]);
            }
            out.sample(family.name() + "_bucket", with(base, "le", "+Inf"), s.count());
            out.sample(family.name() + "_sum", base, s.sum());
            out.sample(family.name() + "_count", base, s.count());
        }
    }

    private static List<String> pairs(List<String> names, List<String> values) {
        List<String> pairs = new ArrayList<>(names.size() * 2);
        for (int i = 0; i < names.size() && i < values.size(); i++) {
            pairs.add(names.get(i));
            pairs.add(values.get(i));
        }
        return pairs;
    }

    private static List<String> with(List<String> labels, String name, String value) {
        List<String> all = new ArrayList<>(labels);
        all.add(name);
        all.add(value);
        return all;
    }
}
