package drover.reactor.proxy;

import drover.common.frame.ProxyConnectInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One decoded PROXY header: what the connection's client info becomes. TLVs come from v2 PROXY
 * headers only (a LOCAL header's block is discarded, as the specification says).
 *
 * @param version 1 (text) or 2 (binary)
 */
public record ProxyHeader(int version, ProxyCommand command, ProxiedAddresses addresses, List<ProxyTlv> tlvs) {
    public ProxyHeader {
        tlvs = List.copyOf(tlvs);
    }

    /** The original client's address and port, or empty when the connection's own peer stands. */
    public Optional<InetSocketAddress> clientAddress() {
        return addresses instanceof ProxiedAddresses.Inet inet ? Optional.of(inet.source()) : Optional.empty();
    }

    /** The address and port the original client connected to (the balancer's frontend). */
    public Optional<InetSocketAddress> serverAddress() {
        return addresses instanceof ProxiedAddresses.Inet inet ? Optional.of(inet.destination()) : Optional.empty();
    }

    /** The protocol the client and balancer negotiated with TLS ALPN, e.g. "h2". */
    public Optional<String> alpn() {
        return ProxyTlvs.text(tlvs, ProxyTlv.ALPN);
    }

    /** The host name the client asked for (TLS SNI), UTF-8. */
    public Optional<String> authority() {
        return ProxyTlvs.text(tlvs, ProxyTlv.AUTHORITY);
    }

    /** The balancer's id of the connection, up to 128 opaque bytes. */
    public Optional<byte[]> uniqueId() {
        return ProxyTlvs.find(tlvs, ProxyTlv.UNIQUE_ID).map(ProxyTlv::value);
    }

    /** How the client spoke to the balancer, when it says. */
    public Optional<ProxySsl> ssl() {
        return ProxyTlvs.find(tlvs, ProxyTlv.SSL).map(ProxyTlvs::ssl);
    }

    /** What the session's worker is told besides the address: the version and the TLVs an app may use. */
    public ProxyConnectInfo connectInfo() {
        Optional<ProxyConnectInfo.Ssl> ssl = ssl().map(s -> new ProxyConnectInfo.Ssl(s.overTls(),
                s.certificateOnConnection() || s.certificateInSession(), s.certificateVerified(), s.version(),
                s.commonName(), s.cipher()));
        Optional<String> uniqueId = uniqueId().map(id -> new String(id, StandardCharsets.UTF_8));
        return new ProxyConnectInfo(version, alpn(), authority(), uniqueId, ssl);
    }
}
