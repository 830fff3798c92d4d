package drover.reactor;

import drover.reactor.protocol.LayerEvent;
import java.util.Map;

/**
 * The TLS part of a reactor thread's counters: handshakes done, and each way a TLS connection can
 * end badly, so that an operator tells a port scan (plaintext), a broken client (handshake failed)
 * and a slow-loris (handshake timeout) apart. Only its thread writes them.
 */
final class TlsCounters {
    long handshakes;
    long handshakeFailed;
    long handshakeTimeouts;
    long handshakeAborted;
    long plaintext;
    long renegotiations;
    long badRecords;
    long truncated;

    void count(LayerEvent event) {
        switch (event) {
            case TLS_HANDSHAKE -> handshakes++;
            case TLS_HANDSHAKE_FAILED -> handshakeFailed++;
            case TLS_HANDSHAKE_TIMEOUT -> handshakeTimeouts++;
            case TLS_HANDSHAKE_ABORTED -> handshakeAborted++;
            case TLS_PLAINTEXT -> plaintext++;
            case TLS_RENEGOTIATION -> renegotiations++;
            case TLS_BAD_RECORD -> badRecords++;
            case TLS_TRUNCATED -> truncated++;
            default -> { // counted elsewhere (ReactorCounters)
            }
        }
    }

    void add(TlsCounters o) {
        handshakes += o.handshakes;
        handshakeFailed += o.handshakeFailed;
        handshakeTimeouts += o.handshakeTimeouts;
        handshakeAborted += o.handshakeAborted;
        plaintext += o.plaintext;
        renegotiations += o.renegotiations;
        badRecords += o.badRecords;
        truncated += o.truncated;
    }

    /** Names as in docs/FRAMES.md (STATS). */
    void putInto(Map<String, Long> map) {
        map.put("tls_handshakes", handshakes);
        map.put("tls_handshake_failed", handshakeFailed);
        map.put("tls_handshake_timeouts", handshakeTimeouts);
        map.put("tls_handshake_aborted", handshakeAborted);
        map.put("tls_plaintext", plaintext);
        map.put("tls_renegotiations", renegotiations);
        map.put("tls_bad_records", badRecords);
        map.put("tls_truncated", truncated);
    }
}
