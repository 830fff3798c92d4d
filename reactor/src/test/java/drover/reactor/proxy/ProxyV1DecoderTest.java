package drover.reactor.proxy;

import static drover.reactor.proxy.DecoderFeed.ascii;
import static drover.reactor.proxy.DecoderFeed.decodeAtEverySplit;
import static drover.reactor.proxy.DecoderFeed.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyV1DecoderTest {
    private static final String FULL_V6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    @Test
    void theSpecificationsExampleGivesTheClientAndLeavesTheRequest() throws ProxyHeaderException {
        ProxyHeader header = decodeAtEverySplit(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
        assertEquals(1, header.version());
        assertEquals(ProxyCommand.PROXY, header.command());
        assertEquals(Optional.of(new InetSocketAddress("192.168.0.1", 56324)), header.clientAddress());
        assertEquals(Optional.of(new InetSocketAddress("192.168.0.11", 443)), header.serverAddress());
        assertTrue(header.tlvs().isEmpty());
    }

    @Test
    void haproxysSendProxyLineIsRead() throws ProxyHeaderException {
        // Captured from Debian's HAProxy 2.6 "send-proxy" for a client bound to 127.0.0.2.
        ProxyHeader header = decodeAtEverySplit(ascii("PROXY TCP4 127.0.0.2 127.0.0.1 37121 18702\r\n"));
        assertEquals(new InetSocketAddress("127.0.0.2", 37121), header.clientAddress().orElseThrow());
    }

    @Test
    void theLongestTcp6LineIsRead() throws ProxyHeaderException {
        String line = "PROXY TCP6 " + FULL_V6 + " " + FULL_V6 + " 65535 65535\r\n";
        assertEquals(104, line.length(), "the specification's largest TCP6 line");
        ProxyHeader header = decodeAtEverySplit(ascii(line));
        assertEquals(65535, header.clientAddress().orElseThrow().getPort());
        assertEquals(16, header.clientAddress().orElseThrow().getAddress().getAddress().length);
    }

    @Test
    void compressedIpv6AndPortZeroAreRead() throws ProxyHeaderException {
        ProxyHeader header = decodeAtEverySplit(ascii("PROXY TCP6 2001:db8::1 ::1 0 8080\r\n"));
        assertEquals(new InetSocketAddress("2001:db8::1", 0), header.clientAddress().orElseThrow());
        assertEquals(new InetSocketAddress("::1", 8080), header.serverAddress().orElseThrow());
    }

    @Test
    void unknownInShortAndWorstCaseFormsKeepsTheConnectionsOwnAddresses() throws ProxyHeaderException {
        String worst = "PROXY UNKNOWN " + FULL_V6 + " " + FULL_V6 + " 65535 65535\r\n";
        assertEquals(107, worst.length(), "the specification's worst case");
        for (String line : new String[] {"PROXY UNKNOWN\r\n", worst, "PROXY UNKNOWN anything at all\r\n"}) {
            ProxyHeader header = decodeAtEverySplit(ascii(line));
            assertEquals(new ProxiedAddresses.Unknown(), header.addresses());
            assertEquals(Optional.empty(), header.clientAddress());
        }
    }

    @Test
    void aHalfHeaderWaitsForMoreAndHoldsItsBytes() throws ProxyHeaderException {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        ByteBuffer half = ByteBuffer.wrap(ascii("PROXY TCP4 192.168.0.1 192.16"));
        assertEquals(Optional.empty(), decoder.decode(half));
        assertEquals(29, decoder.bytesHeld());
        assertEquals(0, half.remaining());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "GET / HTTP/1.1\\r\\n                               | starts with 0x47 ('G')",
            "proxy TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n               | starts with 0x70 ('p')",
            "PROXX TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n               | byte 4 is 0x58 ('X')",
            "PROXY\\tTCP4 1.2.3.4 5.6.7.8 1 2\\r\\n             | byte 5 is 0x09",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\n                  | bare LF",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\rX                 | CR not followed by LF",
            "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\\r\\n               | 'TCP5' is not TCP4, TCP6 or UNKNOWN",
            "PROXY UNKNOWNX\\r\\n                              | 'UNKNOWNX' is not",
            "PROXY \\r\\n                                       | '' is not TCP4",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1\\r\\n                 | 3 fields",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\\r\\n             | 5 fields",
            "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\\r\\n              | 5 fields",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \\r\\n              | 5 fields",
            "PROXY TCP4 ::1 5.6.7.8 1 2\\r\\n                   | source address",
            "PROXY TCP6 1.2.3.4 ::1 1 2\\r\\n                   | source address",
            "PROXY TCP4 1.2.3.4 5.6.7.256 1 2\\r\\n             | destination address",
            "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\\r\\n              | leading zeros",
            "PROXY TCP4 localhost 5.6.7.8 1 2\\r\\n             | not an IPv4 address",
            "PROXY TCP6 fe80::1%eth0 ::1 1 2\\r\\n              | not an IPv6 address",
            "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\\r\\n           | source port '65536'",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 080\\r\\n             | destination port '080'",
            "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\\r\\n              | source port '-1'"})
    void malformedLinesAreRefusedSayingWhy(String line, String expected) {
        String message = refusal(ascii(line.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")));
        assertTrue(message.contains(expected), message);
    }

    @Test
    void aLineWithoutCrlfIsRefusedAtItsHundredAndSeventhByte() {
        String line = "PROXY UNKNOWN " + "x".repeat(200);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        ByteBuffer in = ByteBuffer.wrap(ascii(line));
        String message = org.junit.jupiter.api.Assertions.assertThrows(ProxyHeaderException.class,
                () -> decoder.decode(in)).getMessage();
        assertTrue(message.contains("no CRLF within its first 107 bytes"), message);
        assertEquals(107, in.position(), "stopped reading at the limit");
    }

    @Test
    void aHundredAndSevenByteLineEndingInCrlfIsAccepted() throws ProxyHeaderException {
        String line = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
        assertEquals(107, line.length());
        assertEquals(new ProxiedAddresses.Unknown(), decodeAtEverySplit(ascii(line)).addresses());
    }

    @Test
    void controlBytesInAFieldAreShownEscaped() {
        String message = refusal(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1\u0001 2\r\n"));
        assertTrue(message.contains("'1\\x01'"), message);
    }
}
