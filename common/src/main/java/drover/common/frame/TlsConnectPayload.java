package drover.common.frame;

import drover.common.tls.TlsConnectionInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CONNECT payload of a TLS session ({@link FrameType#TLS_SESSION_FLAG}): the client's
 * "ip:port" as on a plain session, then the protocol, the cipher suite, the ALPN protocol and the
 * verified client certificate's subject, each after a NUL (empty when none). A plain session's
 * payload is the address alone, so its encoding costs nothing more.
 *
 * @param remote "ip:port"
 */
public record TlsConnectPayload(String remote, TlsConnectionInfo info) {
    private static final char SEPARATOR = '\0';

    public static byte[] encode(String remote, TlsConnectionInfo info) {
        return (remote + SEPARATOR + info.protocol() + SEPARATOR + info.cipherSuite() + SEPARATOR
                + info.applicationProtocol().orElse("") + SEPARATOR + info.peerSubject().orElse(""))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the payload has not the five fields */
    public static TlsConnectPayload decode(ByteBuffer payload) {
        String[] fields = StandardCharsets.UTF_8.decode(payload).toString().split(String.valueOf(SEPARATOR), -1);
        if (fields.length != 5) {
            throw new IllegalArgumentException("a TLS CONNECT payload has 5 NUL-separated fields, not " + fields.length);
        }
        return new TlsConnectPayload(fields[0], new TlsConnectionInfo(fields[1], fields[2], optional(fields[3]),
                optional(fields[4])));
    }

    private static Optional<String> optional(String field) {
        return field.isEmpty() ? Optional.empty() : Optional.of(field);
    }
}
