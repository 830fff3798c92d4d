package drover.common.tls;

import drover.common.config.ConfigException;
import drover.common.config.TlsSettings;
import drover.common.log.Log;

/**
 * The TLS context new connections start on, re-read from the same files on demand (SIGHUP, a
 * control command), so a renewed certificate is served without a restart. Open connections keep
 * the context they started on. A new pair that cannot be read or does not match is refused with a
 * log line, and the old one keeps serving. {@link #current()} may be called from any thread.
 */
public final class RotatingTlsContext {
    /** What a reload did, for the log and for the operator who asked. */
    public record ReloadOutcome(boolean applied, String message) {
    }

    private final TlsSettings settings;
    private volatile ServerTlsContext current;

    private RotatingTlsContext(TlsSettings settings, ServerTlsContext first) {
        this.settings = settings;
        this.current = first;
    }

    /** Reads the files for the first time: a failure here refuses the start. */
    public static RotatingTlsContext load(TlsSettings settings) throws ConfigException {
        return new RotatingTlsContext(settings, TlsContextFactory.create(settings));
    }

    public ServerTlsContext current() {
        return current;
    }

    /** Re-reads the certificate, key and client CAs; serialized, as two rotations at once would race. */
    public synchronized ReloadOutcome reload() {
        ServerTlsContext old = current;
        try {
            ServerTlsContext next = TlsContextFactory.create(settings);
            current = next;
            String message = "TLS certificate reloaded: " + next.subject() + ", expires " + next.notAfter()
                    + " (was " + old.subject() + ", expires " + old.notAfter() + ")";
            Log.info(message);
            return new ReloadOutcome(true, message);
        } catch (ConfigException | RuntimeException e) {
            String message = "TLS certificate reload refused, still serving " + old.subject() + " (expires "
                    + old.notAfter() + "): " + e.getMessage();
            Log.warn(message);
            return new ReloadOutcome(false, message);
        }
    }
}
