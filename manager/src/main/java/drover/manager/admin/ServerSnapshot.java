package drover.manager.admin;

import java.util.List;

/**
 * What the admin listener needs of the supervisor's state, copied on the supervisor loop so that a
 * scrape never reads that state from another thread.
 *
 * @param phase         "booting", "running", "stopping" or "stopped"
 * @param startFailed   the server could not start and is stopping for it
 * @param processes     every reactor, worker and task worker slot, each with its current process (or none)
 */
public record ServerSnapshot(String phase, boolean startFailed, long startedAtEpochSeconds,
                             List<ProcessSnapshot> processes, Reload reload) {
    public record Reload(long count, String lastResult, long lastDurationMillis, boolean inProgress) {
    }

    public ServerSnapshot {
        processes = List.copyOf(processes);
    }
}
