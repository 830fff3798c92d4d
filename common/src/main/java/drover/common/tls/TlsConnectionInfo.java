package drover.common.tls;

import java.util.Optional;

/**
 * What a finished handshake agreed, for the app's ClientInfo.
 *
 * @param protocol            "TLSv1.3" or "TLSv1.2"
 * @param cipherSuite         e.g. "TLS_AES_128_GCM_SHA256"
 * @param applicationProtocol the ALPN protocol chosen, e.g. "http/1.1"; empty when none was
 * @param peerSubject         the verified client certificate's subject (mutual TLS); empty without one
 */
public record TlsConnectionInfo(String protocol, String cipherSuite, Optional<String> applicationProtocol,
                                Optional<String> peerSubject) {
}
