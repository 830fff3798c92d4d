package drover.manager.supervise;

import java.util.Locale;

/** The server's life as the manager sees it; status shows it as "booting", "running", "stopping". */
enum ServerPhase {
    BOOTING, RUNNING, STOPPING, STOPPED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
