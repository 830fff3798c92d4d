package drover.manager.supervise;

import drover.common.link.ProcessRole;
import drover.common.process.ExitCode;
import drover.manager.admin.ProcessSnapshot;
import drover.manager.child.Child;
import drover.manager.child.Slot;
import drover.manager.child.SlotStats;
import drover.manager.reload.WorkerReload;
import drover.manager.admin.ServerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Copies what the admin listener shows out of the supervisor's state; supervisor loop only. */
final class AdminSnapshot {
    private AdminSnapshot() {
    }

    static ServerSnapshot of(Supervisor s) {
        List<ProcessSnapshot> processes = new ArrayList<>();
        for (int r = 0; r < s.reactorCount(); r++) {
            Child reactor = s.reactor(r);
            processes.add(process(ProcessRole.REACTOR, r, reactor, 0, new SlotStats(), reactor == null ? null : reactor.counters()));
        }
        for (ProcessRole role : List.of(ProcessRole.WORKER, ProcessRole.TASK_WORKER)) {
            for (int i = 0; i < s.slots().count(role); i++) {
                Slot slot = new Slot(role, i);
                Child child = s.slots().current(slot);
                processes.add(process(role, i, child, child == null ? 0 : child.requests(), s.slots().stats(slot), null));
            }
        }
        WorkerReload reload = s.reload();
        return new ServerSnapshot(s.phase().name().toLowerCase(Locale.ROOT), s.exitCode() != ExitCode.OK,
                s.startedAt().getEpochSecond(), processes,
                new ServerSnapshot.Reload(reload.count(), reload.lastResult(), reload.lastDurationMillis(), reload.inProgress()));
    }

    private static ProcessSnapshot process(ProcessRole role, int index, Child child, long requests, SlotStats stats,
                                           java.util.Map<String, Long> counters) {
        return new ProcessSnapshot(role.label(), index, child == null ? 0 : child.pid(),
                child == null ? "respawning" : child.state().label(), child == null ? 0 : child.generation(), requests,
                stats.restarts, stats.kills, stats.recycles, counters);
    }
}
