package drover.manager.control;

import java.util.Locale;

/** What a control client may ask the manager over manager.sock. */
public enum ControlCommand {
    /** Answer the server's status as JSON. */
    STATUS,
    /** Answer the server's status as a table for people. */
    STATUS_TABLE,
    /** Answer once the server serves ("ok ...") or failed to boot ("error: ..."). */
    WAIT_READY,
    /** Reload every worker (like SIGUSR1). */
    RELOAD,
    /** Reload task workers only (like SIGUSR2). */
    RELOAD_TASKS,
    /** Reload every worker; answer with the outcome once the reload is over ("ok ..." or "error: ..."). */
    RELOAD_WAIT,
    /** Reload task workers only; answer with the outcome once the reload is over. */
    RELOAD_TASKS_WAIT,
    /** Re-read the TLS certificate and key (like SIGHUP); answer with the outcome. */
    RELOAD_TLS,
    /** Stop the server (like SIGTERM): after drain_delay of draining, when set. */
    STOP,
    /** Drain only: /readyz answers 503 while the server serves on, until a stop (the first step of one). */
    DRAIN;

    String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ControlCommand parse(String text) {
        for (ControlCommand c : values()) {
            if (c.wireName().equals(text.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown control command '" + text + "'");
    }
}
