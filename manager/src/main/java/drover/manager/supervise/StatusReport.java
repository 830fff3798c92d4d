package drover.manager.supervise;

import drover.common.json.Json;
import drover.common.link.ProcessRole;
import drover.common.metrics.ProcessVitals;
import drover.manager.child.Child;
import drover.manager.child.Slot;
import drover.manager.child.SlotStats;
import drover.manager.reload.WorkerReload;
import java.util.Map;
import java.util.StringJoiner;

/** The status JSON (docs/OPERATIONS.md): built on the supervisor loop from its own state. */
final class StatusReport {
    private StatusReport() {
    }

    static String json(Supervisor s) {
        Json json = new Json().begin();
        json.object("manager")
                .field("pid", ProcessHandle.current().pid())
                .field("state", s.phase().label())
                .field("started_at", s.startedAt().toString())
                .end();
        json.field("server_mode", s.serverMode());
        json.field("listen", s.listening());
        json.beginArray("reactors");
        for (int r = 0; r < s.reactorCount(); r++) {
            Child reactor = s.reactor(r);
            child(json, r, reactor);
            if (reactor != null && reactor.counters() != null) {
                json.object("counters", reactor.counters());
            }
            json.end();
        }
        json.endArray();
        workerSlots(json, "workers", s.slots(), ProcessRole.WORKER);
        workerSlots(json, "task_workers", s.slots(), ProcessRole.TASK_WORKER);
        SharedTablesAtStart.json(json);
        s.tls().json(json);
        WorkerReload reload = s.reload();
        json.object("reload")
                .field("count", reload.count())
                .field("last_result", reload.lastResult())
                .field("last_error", reload.lastError().isEmpty() ? null : reload.lastError())
                .field("last_duration_ms", reload.lastDurationMillis())
                .field("in_progress", reload.inProgress())
                .end();
        return json.end().toString();
    }

    static String table(Supervisor s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("manager  pid %d  %s  since %s  listening on %s  server_mode %s%n",
                ProcessHandle.current().pid(), s.phase().label(), s.startedAt(), s.listening(), s.serverMode()));
        out.append(String.format("%-10s %-4s %-8s %-11s %-4s %-10s %-8s %-8s %s%n",
                "ROLE", "ID", "PID", "STATE", "GEN", "REQUESTS", "RESTARTS", "RECYCLES", "STARTED"));
        for (int r = 0; r < s.reactorCount(); r++) {
            row(out, "reactor", r, s.reactor(r), "-", "-", "-");
        }
        workerRows(out, "worker", s.slots(), ProcessRole.WORKER);
        workerRows(out, "task", s.slots(), ProcessRole.TASK_WORKER);
        for (int r = 0; r < s.reactorCount(); r++) {
            Child reactor = s.reactor(r);
            if (reactor != null && reactor.counters() != null) {
                out.append("reactor#").append(r).append(' ')
                        .append(counterText(reactor.counters()))
                        .append(System.lineSeparator());
            }
        }
        SharedTablesAtStart.text(out);
        s.tls().text(out);
        WorkerReload reload = s.reload();
        out.append(String.format("reload   count %d  last %s%s  %d ms%s", reload.count(), reload.lastResult(),
                reload.lastError().isEmpty() ? "" : " (" + reload.lastError() + ")", reload.lastDurationMillis(),
                reload.inProgress() ? "  IN PROGRESS" : ""));
        return out.toString();
    }

    private static String counterText(Map<String, Long> counters) {
        StringJoiner text = new StringJoiner("  ");
        counters.forEach((name, value) -> text.add(name + "=" + value));
        return text.toString();
    }

    private static void workerSlots(Json json, String name, WorkerSlots slots, ProcessRole role) {
        json.beginArray(name);
        for (int i = 0; i < slots.count(role); i++) {
            Slot slot = new Slot(role, i);
            Child child = slots.current(slot);
            SlotStats stats = slots.stats(slot);
            child(json, i, child);
            json.field("requests", child == null ? 0 : child.requests())
                    .field("restarts", stats.restarts)
                    .field("kills", stats.kills)
                    .field("recycles", stats.recycles)
                    .end();
        }
        json.endArray();
    }

    private static void workerRows(StringBuilder out, String label, WorkerSlots slots, ProcessRole role) {
        for (int i = 0; i < slots.count(role); i++) {
            Slot slot = new Slot(role, i);
            Child child = slots.current(slot);
            SlotStats stats = slots.stats(slot);
            row(out, label, i, child, child == null ? "-" : Long.toString(child.requests()),
                    Integer.toString(stats.restarts), Integer.toString(stats.recycles));
        }
    }

    private static void row(StringBuilder out, String role, int id, Child child, String requests, String restarts,
                            String recycles) {
        if (child == null) {
            out.append(String.format("%-10s %-4d %-8s %-11s %-4s %-10s %-8s %-8s%n", role, id, "-", "respawning", "-",
                    requests, restarts, recycles));
        } else {
            out.append(String.format("%-10s %-4d %-8d %-11s %-4d %-10s %-8s %-8s %s%n", role, id, child.pid(),
                    child.state().label(), child.generation(), requests, restarts, recycles, child.startedAt()));
        }
    }

    /** Opens the child's object and writes the fields every role has; the caller closes it. */
    private static void child(Json json, int id, Child child) {
        json.begin().field("id", id);
        if (child == null) {
            json.field("pid", (String) null).field("state", "respawning");
        } else {
            json.field("pid", child.pid())
                    .field("state", child.state().label())
                    .field("generation", child.generation())
                    .field("started_at", child.startedAt().toString())
                    .field("rss_bytes", ProcessVitals.rssOf(child.pid())); // from /proc: 0 once it is gone
        }
    }
}
