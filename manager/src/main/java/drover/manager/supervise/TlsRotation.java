package drover.manager.supervise;

import drover.common.config.ConfigException;
import drover.common.config.DroverConfig;
import drover.common.config.ListenerSpec;
import drover.common.frame.ControlMessage;
import drover.common.frame.ControlMessage.Reply;
import drover.common.json.Json;
import drover.common.log.Log;
import drover.common.tls.RotatingTlsContext;
import drover.common.tls.ServerTlsContext;
import java.util.List;

/**
 * Certificate rotation without a restart (docs/TLS.md): SIGHUP or {@code reload.sh --tls} re-reads
 * ssl_cert_file and ssl_key_file here first, so a bad pair is refused once, with one log line, and
 * the reactors are never told of it; a good one is announced to every reactor, which re-reads the
 * files for its new handshakes. Also what status shows of the certificate served. Supervisor loop only.
 */
final class TlsRotation {
    /** The COMMAND a reactor takes as "re-read the certificate and key". */
    static final String RELOAD_COMMAND = "reload-tls";

    private final List<String> listeners;
    /** The pair the reactors serve as far as this manager knows; null without /ssl listeners. */
    private final RotatingTlsContext context;
    private String lastOutcome = "";

    private TlsRotation(List<String> listeners, RotatingTlsContext context) {
        this.listeners = listeners;
        this.context = context;
    }

    static TlsRotation of(DroverConfig config) {
        List<String> listeners = config.listeners().stream().filter(ListenerSpec::tls).map(ListenerSpec::toString).toList();
        if (listeners.isEmpty()) {
            return new TlsRotation(listeners, null);
        }
        try {
            return new TlsRotation(listeners, RotatingTlsContext.load(config.tls()));
        } catch (ConfigException e) {
            // start checked them; a file changed since: the reactors will refuse to boot, saying why
            Log.warn("cannot read the TLS certificate for the status: " + e.getMessage());
            return new TlsRotation(listeners, null);
        }
    }

    /** SIGHUP: a reload when some listener serves TLS (the signal also reopens log_file). */
    void reloadOnSignal(Children children) {
        if (!listeners.isEmpty()) {
            reload(children);
        }
    }

    /** Re-reads the pair; when good, every reactor re-reads it too. */
    Reply reload(Children children) {
        if (context == null) {
            return Reply.error(listeners.isEmpty() ? "no listener is marked /ssl: no certificate to reload"
                    : "the certificate could not be read at start");
        }
        RotatingTlsContext.ReloadOutcome outcome = context.reload(); // logs the outcome
        lastOutcome = outcome.message();
        if (!outcome.applied()) {
            return Reply.error(outcome.message());
        }
        children.tellReactors(new ControlMessage.Command(RELOAD_COMMAND));
        return Reply.ok(outcome.message());
    }

    /** "tls": the listeners, and the certificate's subject and expiry; nothing without /ssl listeners. */
    void json(Json json) {
        if (listeners.isEmpty()) {
            return;
        }
        ServerTlsContext current = context == null ? null : context.current();
        json.object("tls")
                .field("listeners", String.join(", ", listeners))
                .field("subject", current == null ? null : current.subject())
                .field("not_after", current == null ? null : current.notAfter().toString())
                .field("last_reload", lastOutcome.isEmpty() ? null : lastOutcome)
                .end();
    }

    void text(StringBuilder out) {
        if (listeners.isEmpty()) {
            return;
        }
        ServerTlsContext current = context == null ? null : context.current();
        out.append("tls      ").append(String.join(", ", listeners)).append("  certificate ")
                .append(current == null ? "unknown" : current.subject() + "  expires " + current.notAfter())
                .append(System.lineSeparator());
    }
}
