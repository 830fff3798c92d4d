package drover.reactor.proxy;

import static drover.reactor.proxy.DecoderFeed.ascii;
import static drover.reactor.proxy.DecoderFeed.decodeAtEverySplit;
import static drover.reactor.proxy.DecoderFeed.refusal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyV2TlvTest {
    /** An SSL TLV value: client flags, verify, then sub-TLVs. */
    private static byte[] ssl(int client, int verify, byte[]... subTlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(client);
        out.writeBytes(new byte[] {(byte) (verify >>> 24), (byte) (verify >>> 16), (byte) (verify >>> 8), (byte) verify});
        for (byte[] sub : subTlvs) {
            out.writeBytes(sub);
        }
        return out.toByteArray();
    }

    private static byte[] sub(int type, String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[3 + value.length];
        out[0] = (byte) type;
        out[1] = (byte) (value.length >> 8);
        out[2] = (byte) value.length;
        System.arraycopy(value, 0, out, 3, value.length);
        return out;
    }

    @Test
    void alpnAuthorityUniqueIdAndCustomTlvsAreExposedAndNoopDropped() throws ProxyHeaderException {
        ProxyHeader header = decodeAtEverySplit(new V2HeaderBuilder().inet4()
                .tlv(ProxyTlv.ALPN, ascii("h2"))
                .tlv(ProxyTlv.NOOP, new byte[5])
                .tlv(ProxyTlv.AUTHORITY, "bücher.example".getBytes(StandardCharsets.UTF_8))
                .tlv(ProxyTlv.UNIQUE_ID, new byte[128])
                .tlv(0xE0, new byte[] {1, 2})
                .tlv(ProxyTlv.NOOP, new byte[0]).build());
        assertEquals(Optional.of("h2"), header.alpn());
        assertEquals(Optional.of("bücher.example"), header.authority());
        assertArrayEquals(new byte[128], header.uniqueId().orElseThrow());
        assertEquals(List.of(0x01, 0x02, 0x05, 0xE0), header.tlvs().stream().map(ProxyTlv::type).toList());
        assertEquals(Optional.empty(), header.ssl());
    }

    @Test
    void sslWithItsSubTlvsIsExposed() throws ProxyHeaderException {
        ProxyHeader header = decodeAtEverySplit(new V2HeaderBuilder().inet4().tlv(ProxyTlv.SSL, ssl(0x07, 0,
                sub(ProxyTlv.SSL_VERSION, "TLSv1.3"), sub(ProxyTlv.SSL_CN, "client.example"),
                sub(ProxyTlv.SSL_CIPHER, "TLS_AES_256_GCM_SHA384"), sub(ProxyTlv.SSL_SIG_ALG, "RSA-SHA256"),
                sub(ProxyTlv.SSL_KEY_ALG, "RSA2048"))).build());
        ProxySsl ssl = header.ssl().orElseThrow();
        assertTrue(ssl.overTls() && ssl.certificateOnConnection() && ssl.certificateInSession());
        assertTrue(ssl.certificateVerified());
        assertEquals(Optional.of("TLSv1.3"), ssl.version());
        assertEquals(Optional.of("client.example"), ssl.commonName());
        assertEquals(Optional.of("TLS_AES_256_GCM_SHA384"), ssl.cipher());
        assertEquals(Optional.of("RSA-SHA256"), ssl.signatureAlgorithm());
        assertEquals(Optional.of("RSA2048"), ssl.keyAlgorithm());
    }

    @Test
    void sslWithoutACertificateIsNotVerified() throws ProxyHeaderException {
        ProxySsl ssl = decodeAtEverySplit(new V2HeaderBuilder().inet4()
                .tlv(ProxyTlv.SSL, ssl(0x01, 0xffffffff)).build()).ssl().orElseThrow();
        assertTrue(ssl.overTls());
        assertFalse(ssl.certificateOnConnection());
        assertFalse(ssl.certificateVerified());
        assertEquals(0xffffffffL, ssl.verify());
        assertEquals(Optional.empty(), ssl.version());
    }

    @Test
    void aMatchingCrc32cIsAccepted() throws ProxyHeaderException {
        ProxyHeader header = decodeAtEverySplit(new V2HeaderBuilder().inet4().tlv(ProxyTlv.ALPN, ascii("http/1.1"))
                .crc32c().tlv(ProxyTlv.NOOP, new byte[3]).build());
        assertEquals(Optional.of("http/1.1"), header.alpn());
        assertTrue(header.tlvs().stream().noneMatch(tlv -> tlv.type() == ProxyTlv.CRC32C));
    }

    @Test
    void haproxysOwnCrc32cAndUniqueIdAreReadAndChecked() throws ProxyHeaderException {
        // Captured from Debian's HAProxy 2.6: "send-proxy-v2 proxy-v2-options crc32c,unique-id" with
        // unique-id-format "fleet-%ci-%cp", for a client bound to 127.0.0.2.
        byte[] header = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a2111002b7f0000027f000001a7d3490d"
                + "030004a4013eab050015666c6565742d3132372e302e302e322d3432393633");
        ProxyHeader decoded = decodeAtEverySplit(header);
        assertEquals(new InetSocketAddress("127.0.0.2", 42963), decoded.clientAddress().orElseThrow());
        assertEquals(new InetSocketAddress("127.0.0.1", 18701), decoded.serverAddress().orElseThrow());
        assertArrayEquals(ascii("fleet-127.0.0.2-42963"), decoded.uniqueId().orElseThrow());
        byte[] corrupted = header.clone();
        corrupted[19] = 3; // the client 127.0.0.3 instead
        assertTrue(refusal(corrupted).contains("CRC32C mismatch"));
    }

    @Test
    void aCrc32cMismatchAnywhereInTheHeaderIsRefused() {
        byte[] good = new V2HeaderBuilder().inet4().crc32c().build();
        // Addresses, ports and the CRC itself; a flipped command or family byte makes a LOCAL or UNSPEC
        // header, whose block (CRC included) the specification says to discard unread.
        for (int at : new int[] {16, 21, 27, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            String message = refusal(bad);
            assertTrue(message.contains("CRC32C mismatch"), "flipped byte " + at + ": " + message);
        }
    }

    @Test
    void malformedTlvsAreRefusedSayingWhy() {
        List<List<Object>> cases = List.of(
                List.of(new V2HeaderBuilder().inet4().bytes(0x01, 0x00), "cut short: 2 bytes left"),
                List.of(new V2HeaderBuilder().inet4().bytes(0x01, 0x00, 0x05, 'h', '2'), "declares 5 bytes but only 2"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.CRC32C, new byte[3]), "CRC32C TLV is 3 bytes"),
                List.of(new V2HeaderBuilder().inet4().crc32c().crc32c(), "two CRC32C TLVs"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.UNIQUE_ID, new byte[129]), "129 bytes long"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.AUTHORITY, new byte[] {(byte) 0xC3, 0x28}),
                        "AUTHORITY TLV is not UTF-8"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.SSL, new byte[4]), "SSL TLV is 4 bytes long"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.SSL, DecoderFeed.concat(ssl(1, 0), new byte[] {0x21, 0, 9})),
                        "SSL sub-TLV 0x21 at byte 5 declares 9 bytes but only 0"),
                List.of(new V2HeaderBuilder().inet4().tlv(ProxyTlv.SSL, ssl(1, 0, new byte[] {0x21, 0, 1, (byte) 0xE9})),
                        "SSL sub-TLV 0x21 TLV is not US-ASCII"));
        for (List<Object> c : cases) {
            String message = refusal(((V2HeaderBuilder) c.get(0)).build());
            assertTrue(message.contains((String) c.get(1)), c.get(1) + " in: " + message);
        }
    }
}
