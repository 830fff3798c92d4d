package drover.worker.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What a worker knows of a session it holds ({@link Server#clientInfo}). The reactor names the
 * client's address in the session's connect; the times are when this worker received the connect
 * and the session's latest packet, which trail the reactor's own by the link's queue (usually well
 * under a millisecond).
 *
 * @param sessionId       the session
 * @param remoteAddress   the client's IP address, as text (IPv6 without brackets)
 * @param remotePort      the client's TCP port
 * @param connectTime     when the connect reached this worker
 * @param lastReceiveTime when the latest packet reached this worker, to the millisecond (read once per
 *                        turn of the worker's event loop); the connect time before any
 * @param tls             what the TLS handshake agreed, for a session of a listener marked /ssl; else empty
 */
public record ClientInfo(long sessionId, String remoteAddress, int remotePort, Instant connectTime,
                         Instant lastReceiveTime, Optional<Tls> tls) {
    /**
     * A TLS session's handshake, as the reactor that terminated it saw it (docs/TLS.md).
     *
     * @param protocol            "TLSv1.3" or "TLSv1.2"
     * @param cipherSuite         e.g. "TLS_AES_128_GCM_SHA256"
     * @param applicationProtocol the ALPN protocol agreed ("http/1.1"); empty when none was
     * @param peerSubject         the verified client certificate's subject (mutual TLS, ssl_verify_peer),
     *                            e.g. "CN=client-1"; empty when the client presented none
     */
    public record Tls(String protocol, String cipherSuite, Optional<String> applicationProtocol,
                      Optional<String> peerSubject) {
    }

    /**
     * A plaintext session.
     *
     * @param sessionId       the session
     * @param remoteAddress   the client's IP address
     * @param remotePort      the client's TCP port
     * @param connectTime     when the connect reached this worker
     * @param lastReceiveTime when the latest packet reached this worker
     */
    public ClientInfo(long sessionId, String remoteAddress, int remotePort, Instant connectTime, Instant lastReceiveTime) {
        this(sessionId, remoteAddress, remotePort, connectTime, lastReceiveTime, Optional.empty());
    }

    /**
     * Whether the session came through TLS.
     *
     * @return true for a session of a listener marked /ssl
     */
    public boolean isTls() {
        return tls.isPresent();
    }
}
