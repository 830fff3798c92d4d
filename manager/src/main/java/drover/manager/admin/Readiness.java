package drover.manager.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * /readyz: ready when the server runs, is not stopping, and every reactor, worker and task worker slot
 * has a ready process; otherwise the reason, for the 503's body.
 */
final class Readiness {
    private Readiness() {
    }

    /** Null when ready, else why not. */
    static String reasonNotReady(ServerSnapshot snapshot) {
        switch (snapshot.phase()) {
            case "running" -> { }
            case "booting" -> {
                return "starting: " + notReady(snapshot);
            }
            default -> {
                return snapshot.startFailed() ? "the server failed to start and is stopping" : "the server is " + snapshot.phase();
            }
        }
        List<String> missing = new ArrayList<>();
        for (ProcessSnapshot p : current(snapshot)) {
            if (!p.ready()) {
                missing.add(p.describe() + " " + p.state());
            }
        }
        return missing.isEmpty() ? null : "not ready: " + String.join(", ", missing);
    }

    private static String notReady(ServerSnapshot snapshot) {
        List<String> missing = new ArrayList<>();
        for (ProcessSnapshot p : current(snapshot)) {
            if (!p.ready()) {
                missing.add(p.describe() + " " + p.state());
            }
        }
        return missing.isEmpty() ? "every process ready, the server not yet running" : String.join(", ", missing);
    }

    // the slots' current processes: an old one draining beside its successor does not count
    private static List<ProcessSnapshot> current(ServerSnapshot snapshot) {
        return snapshot.processes().stream().filter(p -> !p.state().equals("retiring")).toList();
    }
}
