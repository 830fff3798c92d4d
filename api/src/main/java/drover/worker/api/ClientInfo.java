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
 * @param proxy           what the balancer's PROXY header said besides the client's address, for a session
 *                        of a listener marked /proxy whose header named its client; else empty
 */
public record ClientInfo(long sessionId, String remoteAddress, int remotePort, Instant connectTime,
                         Instant lastReceiveTime, Optional<Tls> tls, Optional<Proxy> proxy) {
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
     * What a PROXY protocol header said of the client's connection to the balancer (docs/SCALING.md):
     * the version 2 header's TLVs; a version 1 header carries none.
     *
     * @param version   1 (text) or 2 (binary)
     * @param alpn      the protocol the client and balancer agreed with TLS ALPN, e.g. "h2" (PP2_TYPE_ALPN)
     * @param authority the host name the client asked for, its TLS SNI (PP2_TYPE_AUTHORITY)
     * @param uniqueId  the balancer's id of the connection, as text (PP2_TYPE_UNIQUE_ID: HAProxy's
     *                  unique-id-format)
     * @param ssl       how the client spoke TLS to the balancer (PP2_TYPE_SSL); empty when the header
     *                  does not say
     */
    public record Proxy(int version, Optional<String> alpn, Optional<String> authority, Optional<String> uniqueId,
                        Optional<ProxySsl> ssl) {
    }

    /**
     * The PROXY header's SSL TLV: the balancer terminated the client's TLS (HAProxy's send-proxy-v2-ssl
     * and send-proxy-v2-ssl-cn).
     *
     * @param clientTls           the client connected to the balancer over TLS
     * @param clientCertificate   the client presented a certificate
     * @param certificateVerified the TLV's verify field is 0: the balancer verified the client's
     *                            certificate; HAProxy also sends 0 when the client presented none, so
     *                            read it with {@code clientCertificate}
     * @param version             e.g. "TLSv1.3"
     * @param commonName          the client certificate's Common Name
     * @param cipher              e.g. "TLS_AES_256_GCM_SHA384"
     */
    public record ProxySsl(boolean clientTls, boolean clientCertificate, boolean certificateVerified,
                           Optional<String> version, Optional<String> commonName, Optional<String> cipher) {
    }

    /**
     * A session that came through no PROXY header.
     *
     * @param sessionId       the session
     * @param remoteAddress   the client's IP address
     * @param remotePort      the client's TCP port
     * @param connectTime     when the connect reached this worker
     * @param lastReceiveTime when the latest packet reached this worker
     * @param tls             what the TLS handshake agreed, for a session of a listener marked /ssl; else empty
     */
    public ClientInfo(long sessionId, String remoteAddress, int remotePort, Instant connectTime, Instant lastReceiveTime,
                      Optional<Tls> tls) {
        this(sessionId, remoteAddress, remotePort, connectTime, lastReceiveTime, tls, Optional.empty());
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
        this(sessionId, remoteAddress, remotePort, connectTime, lastReceiveTime, Optional.empty(), Optional.empty());
    }

    /**
     * Whether the session came through TLS.
     *
     * @return true for a session of a listener marked /ssl
     */
    public boolean isTls() {
        return tls.isPresent();
    }

    /**
     * Whether a balancer's PROXY header named the client.
     *
     * @return true when {@link #proxy} is present
     */
    public boolean isProxied() {
        return proxy.isPresent();
    }
}
