package drover.reactor.proxy;

import java.util.List;
import java.util.Optional;

/**
 * The v2 PP2_TYPE_SSL entry: how the client spoke to the balancer. {@code verify} is 0 when the
 * client presented a certificate and the balancer verified it.
 */
public record ProxySsl(int clientFlags, long verify, List<ProxyTlv> subTlvs) {
    static final int CLIENT_SSL = 0x01;
    static final int CLIENT_CERT_CONN = 0x02;
    static final int CLIENT_CERT_SESS = 0x04;

    public ProxySsl {
        subTlvs = List.copyOf(subTlvs);
    }

    /** The client connected to the balancer over SSL/TLS. */
    public boolean overTls() {
        return (clientFlags & CLIENT_SSL) != 0;
    }

    /** The client presented a certificate on this connection. */
    public boolean certificateOnConnection() {
        return (clientFlags & CLIENT_CERT_CONN) != 0;
    }

    /** The client presented a certificate at least once in this TLS session. */
    public boolean certificateInSession() {
        return (clientFlags & CLIENT_CERT_SESS) != 0;
    }

    public boolean certificateVerified() {
        return verify == 0;
    }

    /** "TLSv1.3" */
    public Optional<String> version() {
        return ProxyTlvs.text(subTlvs, ProxyTlv.SSL_VERSION);
    }

    /** The client certificate's Common Name. */
    public Optional<String> commonName() {
        return ProxyTlvs.text(subTlvs, ProxyTlv.SSL_CN);
    }

    /** "ECDHE-RSA-AES128-GCM-SHA256" */
    public Optional<String> cipher() {
        return ProxyTlvs.text(subTlvs, ProxyTlv.SSL_CIPHER);
    }

    public Optional<String> signatureAlgorithm() {
        return ProxyTlvs.text(subTlvs, ProxyTlv.SSL_SIG_ALG);
    }

    public Optional<String> keyAlgorithm() {
        return ProxyTlvs.text(subTlvs, ProxyTlv.SSL_KEY_ALG);
    }
}
