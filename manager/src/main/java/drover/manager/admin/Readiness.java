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
                String missing = notReady(snapshot);
                return "starting: " + (missing.isEmpty() ? "every process ready, the server not yet running" : missing);
            }
            default -> {
                return snapshot.startFailed() ? "the server failed to start and is stopping" : "the server is " + snapshot.phase();
            }
        }
        String missing = notReady(snapshot);
        return missing.isEmpty() ? null : "not ready: " + missing;
    }

    // each slot's current process (an old one draining beside its successor is not in the snapshot)
    private static String notReady(ServerSnapshot snapshot) {
        List<String> missing = new ArrayList<>();
        for (ProcessSnapshot p : snapshot.processes()) {
            if (!p.ready()) {
                missing.add(p.describe() + " " + p.state());
            }
        }
        return String.join(", ", missing);
    }
}
