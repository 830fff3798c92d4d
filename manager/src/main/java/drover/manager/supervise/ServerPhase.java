package drover.manager.supervise;

import java.util.Locale;

/**
 * The server's life as the manager sees it; status shows it as "booting", "running", "draining",
 * "stopping". DRAINING serves as RUNNING does, but /readyz answers 503 (drain_delay, the drain command).
 */
enum ServerPhase {
    BOOTING, RUNNING, DRAINING, STOPPING, STOPPED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
