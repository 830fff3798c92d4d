package drover.common.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a session's PROXY header said besides the client's address (docs/SCALING.md), carried on its
 * CONNECT with {@link FrameType#PROXY_SESSION_FLAG}: after the payload the CONNECT would have
 * without it (the address, or {@link TlsConnectPayload}), a NUL and {@value #FIELDS} NUL-separated
 * fields: the version, ALPN, authority, unique id, the SSL flags ("" when the header had no SSL TLV,
 * else three of '0' or '1': client over TLS, client certificate, verified), the SSL version, the
 * certificate's CN and the cipher. A NUL inside a value (never sent by HAProxy) becomes U+FFFD.
 *
 * @param version   1 or 2; a version 1 header carries nothing but the addresses
 * @param alpn      PP2_TYPE_ALPN, e.g. "h2"
 * @param authority PP2_TYPE_AUTHORITY: the host name the client asked for (SNI)
 * @param uniqueId  PP2_TYPE_UNIQUE_ID, as text
 * @param ssl       PP2_TYPE_SSL and its sub-TLVs
 */
public record ProxyConnectInfo(int version, Optional<String> alpn, Optional<String> authority, Optional<String> uniqueId,
                               Optional<Ssl> ssl) {
    /** The number of fields after the NUL that ends the plain CONNECT payload. */
    public static final int FIELDS = 8;
    private static final char SEPARATOR = '\0';

    /**
     * PP2_TYPE_SSL: how the client spoke to the balancer.
     *
     * @param clientTls           the client connected over SSL/TLS (PP2_CLIENT_SSL)
     * @param clientCertificate   it presented a certificate on this connection or session
     * @param certificateVerified the balancer verified it (verify field 0)
     * @param version             PP2_SUBTYPE_SSL_VERSION, e.g. "TLSv1.3"
     * @param commonName          PP2_SUBTYPE_SSL_CN: the client certificate's CN
     * @param cipher              PP2_SUBTYPE_SSL_CIPHER, e.g. "TLS_AES_256_GCM_SHA384"
     */
    public record Ssl(boolean clientTls, boolean clientCertificate, boolean certificateVerified, Optional<String> version,
                      Optional<String> commonName, Optional<String> cipher) {
    }

    /** A payload with its PROXY details taken off, and those details. */
    public record Split(ByteBuffer rest, ProxyConnectInfo info) {
    }

    /** The CONNECT payload {@code plain} with these details after it. */
    public byte[] appendTo(byte[] plain) {
        StringBuilder fields = new StringBuilder();
        field(fields, String.valueOf(version));
        field(fields, alpn.orElse(""));
        field(fields, authority.orElse(""));
        field(fields, uniqueId.orElse(""));
        field(fields, ssl.map(s -> bit(s.clientTls) + bit(s.clientCertificate) + bit(s.certificateVerified)).orElse(""));
        field(fields, ssl.flatMap(Ssl::version).orElse(""));
        field(fields, ssl.flatMap(Ssl::commonName).orElse(""));
        field(fields, ssl.flatMap(Ssl::cipher).orElse(""));
        byte[] tail = fields.toString().getBytes(StandardCharsets.UTF_8);
        byte[] whole = Arrays.copyOf(plain, plain.length + tail.length);
        System.arraycopy(tail, 0, whole, plain.length, tail.length);
        return whole;
    }

    /**
     * Takes the details off the end of a CONNECT payload made by {@link #appendTo}.
     *
     * @throws IllegalArgumentException when the payload does not end with them
     */
    public static Split split(ByteBuffer payload) {
        String text = StandardCharsets.UTF_8.decode(payload).toString();
        int start = text.length();
        for (int i = 0; i < FIELDS; i++) {
            start = text.lastIndexOf(SEPARATOR, start - 1);
            if (start < 0) {
                throw new IllegalArgumentException("a PROXY CONNECT payload ends with " + FIELDS + " NUL-led fields");
            }
        }
        String[] f = text.substring(start + 1).split(String.valueOf(SEPARATOR), -1);
        int version;
        try {
            version = Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a PROXY CONNECT payload's version is '" + f[0] + "'", e);
        }
        Optional<Ssl> ssl = Optional.empty();
        if (!f[4].isEmpty()) {
            if (!f[4].matches("[01]{3}")) {
                throw new IllegalArgumentException("a PROXY CONNECT payload's SSL flags are '" + f[4] + "'");
            }
            ssl = Optional.of(new Ssl(f[4].charAt(0) == '1', f[4].charAt(1) == '1', f[4].charAt(2) == '1',
                    optional(f[5]), optional(f[6]), optional(f[7])));
        }
        ByteBuffer rest = StandardCharsets.UTF_8.encode(text.substring(0, start));
        return new Split(rest, new ProxyConnectInfo(version, optional(f[1]), optional(f[2]), optional(f[3]), ssl));
    }

    private static void field(StringBuilder fields, String value) {
        fields.append(SEPARATOR).append(value.replace(SEPARATOR, '\uFFFD'));
    }

    private static String bit(boolean set) {
        return set ? "1" : "0";
    }

    private static Optional<String> optional(String field) {
        return field.isEmpty() ? Optional.empty() : Optional.of(field);
    }
}
