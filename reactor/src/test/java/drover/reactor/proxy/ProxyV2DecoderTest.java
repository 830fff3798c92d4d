package drover.reactor.proxy;

import static drover.reactor.proxy.DecoderFeed.ascii;
import static drover.reactor.proxy.DecoderFeed.decodeAtEverySplit;
import static drover.reactor.proxy.DecoderFeed.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyV2DecoderTest {
    @Test
    void aHeaderAsHaproxyWritesItGivesTheClient() throws ProxyHeaderException {
        // send-proxy-v2 for 172.19.0.1:42578 -> 172.19.0.3:80, as captured on the wire.
        byte[] header = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a2111000cac130001ac130003a6520050");
        ProxyHeader decoded = decodeAtEverySplit(header);
        assertEquals(2, decoded.version());
        assertEquals(ProxyCommand.PROXY, decoded.command());
        assertEquals(Optional.of(new InetSocketAddress("172.19.0.1", 42578)), decoded.clientAddress());
        assertEquals(Optional.of(new InetSocketAddress("172.19.0.3", 80)), decoded.serverAddress());
        assertEquals(List.of(), decoded.tlvs());
    }

    @Test
    void tcpOverIpv6IsRead() throws ProxyHeaderException {
        byte[] source = HexFormat.of().parseHex("20010db8000000000000000000000001");
        byte[] destination = HexFormat.of().parseHex("00000000000000000000000000000001");
        ProxyHeader decoded = decodeAtEverySplit(new V2HeaderBuilder().family(0x21).bytes(source).bytes(destination)
                .bytes(0xff, 0xff, 0x1f, 0x90).build());
        assertEquals(new InetSocketAddress("2001:db8::1", 65535), decoded.clientAddress().orElseThrow());
        assertEquals(new InetSocketAddress("::1", 8080), decoded.serverAddress().orElseThrow());
    }

    @Test
    void udpIsMarkedAsDatagrams() throws ProxyHeaderException {
        ProxyHeader decoded = decodeAtEverySplit(new V2HeaderBuilder().family(0x12).inet4().build());
        assertTrue(((ProxiedAddresses.Inet) decoded.addresses()).datagram());
    }

    @Test
    void unixSocketPathsAreReadUpToTheirNul() throws ProxyHeaderException {
        byte[] paths = new byte[216];
        System.arraycopy(ascii("/run/client.sock"), 0, paths, 0, 16);
        System.arraycopy(ascii("/run/drover.sock"), 0, paths, 108, 16);
        ProxyHeader decoded = decodeAtEverySplit(new V2HeaderBuilder().family(0x31).bytes(paths).build());
        assertEquals(new ProxiedAddresses.Unix("/run/client.sock", "/run/drover.sock", false), decoded.addresses());
        assertEquals(Optional.empty(), decoded.clientAddress());
    }

    @Test
    void localIsAcceptedAndItsBlockDiscarded() throws ProxyHeaderException {
        ProxyHeader bare = decodeAtEverySplit(new V2HeaderBuilder().versionCommand(0x20).family(0x00).build());
        assertEquals(ProxyCommand.LOCAL, bare.command());
        assertEquals(new ProxiedAddresses.Unknown(), bare.addresses());
        // A LOCAL header may still carry a block; the receiver must skip it by its length, whatever it holds.
        ProxyHeader withBlock = decodeAtEverySplit(new V2HeaderBuilder().versionCommand(0x20).family(0x11).inet4()
                .bytes(0x01, 0x00).build());
        assertEquals(ProxyCommand.LOCAL, withBlock.command());
        assertEquals(Optional.empty(), withBlock.clientAddress());
        assertEquals(List.of(), withBlock.tlvs());
        // "discard the protocol block including the family which is ignored": even one no PROXY header may carry.
        ProxyHeader oddFamily = decodeAtEverySplit(new V2HeaderBuilder().versionCommand(0x20).family(0xff).build());
        assertEquals(ProxyCommand.LOCAL, oddFamily.command());
    }

    @Test
    void unspecifiedFamilyOrTransportKeepsTheConnectionsOwnAddresses() throws ProxyHeaderException {
        for (int family : new int[] {0x00, 0x01, 0x10, 0x20}) {
            ProxyHeader decoded = decodeAtEverySplit(new V2HeaderBuilder().family(family).bytes(1, 2, 3).build());
            assertEquals(new ProxiedAddresses.Unknown(), decoded.addresses(), "family byte " + family);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0d0a0d0a000d0a515549540b2111000c | byte 11 is 0x0B",
            "0d0a0d0a010d0a515549540a2111000c | byte 4 is 0x01",
            "0d0a0d0a000d0a515549540a1111000c | version 1: expected 2",
            "0d0a0d0a000d0a515549540a3111000c | version 3: expected 2",
            "0d0a0d0a000d0a515549540a2211000c | command 0x2 is not LOCAL",
            "0d0a0d0a000d0a515549540a2f11000c | command 0xf is not LOCAL",
            "0d0a0d0a000d0a515549540a2141000c | family 0x4 is not",
            "0d0a0d0a000d0a515549540a2113000c | transport 0x3 is not",
            "0d0a0d0a000d0a515549540a21110008 | INET block is 8 bytes long, shorter than the 12",
            "0d0a0d0a000d0a515549540a21210020 | INET6 block is 32 bytes long, shorter than the 36",
            "0d0a0d0a000d0a515549540a213100d7 | UNIX block is 215 bytes long, shorter than the 216"})
    void malformedFixedPartsAreRefusedSayingWhy(String hex, String expected) {
        byte[] fixed = HexFormat.of().parseHex(hex);
        int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
        String message = refusal(DecoderFeed.concat(fixed, new byte[length]));
        assertTrue(message.contains(expected), message);
    }

    @Test
    void aDeclaredLengthOverTheBoundIsRefusedBeforeTheBlockArrives() {
        byte[] fixed = new V2HeaderBuilder().build(4096 - 16 + 1);
        String message = refusal(java.util.Arrays.copyOf(fixed, 16));
        assertTrue(message.contains("declares 4097 bytes, more than the limit of 4096"), message);
        assertTrue(refusal(new V2HeaderBuilder().build(0xffff)).contains("65551 bytes"));
    }

    @Test
    void theBoundCanBeRaisedToTheProtocolsLargest() throws ProxyHeaderException {
        byte[] padding = new byte[0xffff - 12 - 3];
        byte[] header = new V2HeaderBuilder().inet4().tlv(ProxyTlv.NOOP, padding).build();
        ByteBuffer in = ByteBuffer.wrap(header);
        ProxyHeader decoded = new ProxyHeaderDecoder(65551).decode(in).orElseThrow();
        assertEquals(65551, in.position());
        assertEquals(new InetSocketAddress("192.0.2.1", 56324), decoded.clientAddress().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(231));
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(65552));
    }

    @Test
    void aTruncatedHeaderWaitsAndHoldsWhatCame() throws ProxyHeaderException {
        byte[] header = new V2HeaderBuilder().inet4().build();
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        assertEquals(Optional.empty(), decoder.decode(ByteBuffer.wrap(header, 0, header.length - 1)));
        assertEquals(header.length - 1, decoder.bytesHeld());
        assertTrue(decoder.decode(ByteBuffer.wrap(header, header.length - 1, 1)).isPresent());
        assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.wrap(header)));
    }
}
