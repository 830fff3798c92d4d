package drover.common.tls;

import drover.common.config.TlsSettings;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One loaded certificate and key with the settings they serve under: makes the server-side
 * {@link SSLEngine} of each new TLS connection. Immutable; a rotation makes a new one, and the
 * connections that started on this one keep it to their end.
 *
 * @param cipherSuites the suites engines enable, checked against the JDK's supported ones; empty for its defaults
 * @param loadedAt     when the files were read
 */
public record ServerTlsContext(SSLContext sslContext, TlsSettings settings, List<String> cipherSuites,
                               TlsMaterial material, Instant loadedAt) {
    public ServerTlsContext {
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * A server engine for one connection.
     *
     * @param applicationProtocols ALPN names this listener speaks, preferred first (["http/1.1"] for HTTP,
     *                             empty for raw TCP); a client that offers none of them still connects, without ALPN
     */
    public SSLEngine newEngine(List<String> applicationProtocols) {
        SSLEngine engine = sslContext.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(true); // ssl_ciphers is in the server's order of preference
        parameters.setNeedClientAuth(settings.verifyPeer());
        engine.setSSLParameters(parameters);
        List<String> ours = List.copyOf(applicationProtocols);
        // The JDK fails a handshake whose ALPN offer has none of the server's protocols (RFC 7301 3.2);
        // answering "" instead goes on without ALPN, as a server that does not know ALPN would.
        engine.setHandshakeApplicationProtocolSelector((e, offered) ->
                ours.stream().filter(offered::contains).findFirst().orElse(""));
        return engine;
    }

    /** The server certificate's subject, for status. */
    public String subject() {
        return material.subject();
    }

    /** When the server certificate expires, for status. */
    public Instant notAfter() {
        return material.notAfter();
    }
}
