package drover.reactor.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.ProxyConnectInfo;
import drover.reactor.protocol.FakePort;
import drover.reactor.protocol.FramedPacketLayer;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.ProtocolStack;
import drover.reactor.protocol.RawFramer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PROXY header layer under a raw framing, with a fake connection. */
class ProxyHeaderLayerTest {
    private static final long TIMEOUT = 5_000_000_000L;
    private final FakePort port = new FakePort();
    private final ProtocolStack stack = new ProtocolStack(
            List.of(new ProxyHeaderLayer(TIMEOUT), new FramedPacketLayer(new RawFramer())), port);

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aV1HeaderNamesTheClientThenTheLayerLeavesAndTheRestGoesUp() throws Exception {
        stack.input(ascii("PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\nhello"));
        assertEquals(List.of(Optional.of(new InetSocketAddress("192.0.2.1", 56324))), port.identified);
        assertEquals(List.of("hello"), port.deliveredText(), "the bytes after the header, in the same read");
        assertEquals(1, stack.layers().size(), "the header layer left the stack");
        stack.input(ascii("PROXY again"));
        assertEquals(List.of("hello", "PROXY again"), port.deliveredText(), "a later header-like read is data");
    }

    @Test
    void aV2HeaderSplitOverReadsIsReadWhole() throws Exception {
        byte[] header = new V2HeaderBuilder().inet4().build();
        ByteBuffer first = ByteBuffer.wrap(header, 0, 10);
        stack.input(first);
        assertTrue(port.identified.isEmpty() && port.delivered.isEmpty(), "nothing before the header is whole");
        ByteBuffer rest = ByteBuffer.allocate(header.length - 10 + 2).put(header, 10, header.length - 10)
                .put((byte) 'o').put((byte) 'k').flip();
        stack.input(rest);
        assertEquals(List.of(Optional.of(new InetSocketAddress("192.0.2.1", 56324))), port.identified);
        assertEquals(List.of("ok"), port.deliveredText());
    }

    @Test
    void aV2HeadersTlvsGoWithTheClientForTheConnect() throws Exception {
        byte[] ssl = ByteBuffer.allocate(5 + 3 + 7 + 3 + 8).put((byte) 0x07).putInt(0)
                .put((byte) 0x21).putShort((short) 7).put(ascii("TLSv1.3"))
                .put((byte) 0x22).putShort((short) 8).put(ascii("client-1")).array();
        stack.input(ByteBuffer.wrap(new V2HeaderBuilder().inet4().tlv(0x01, bytes("h2")).tlv(0x02, bytes("example.com"))
                .tlv(0x05, bytes("id-1")).tlv(0x20, ssl).build()));
        ProxyConnectInfo info = port.proxied.getFirst().orElseThrow();
        assertEquals(new ProxyConnectInfo(2, Optional.of("h2"), Optional.of("example.com"), Optional.of("id-1"),
                Optional.of(new ProxyConnectInfo.Ssl(true, true, true, Optional.of("TLSv1.3"), Optional.of("client-1"),
                        Optional.empty()))), info);
    }

    @Test
    void aV1HeaderSaysItsVersionOnly() throws Exception {
        stack.input(ascii("PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\n"));
        assertEquals(List.of(Optional.of(new ProxyConnectInfo(1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()))), port.proxied);
    }

    @Test
    void aV2LocalHeaderKeepsTheConnectionsOwnAddress() throws Exception {
        stack.input(ByteBuffer.wrap(new V2HeaderBuilder().versionCommand(0x20).family(0x00).build()));
        assertEquals(List.of(Optional.empty()), port.identified, "a health check: the peer stands");
        assertEquals(1, stack.layers().size());
        assertTrue(port.events.isEmpty());
    }

    @Test
    void aConnectionThatIsNoHeaderIsRefusedAndCounted() {
        PacketFormatException refused = assertThrows(PacketFormatException.class,
                () -> stack.input(ascii("GET / HTTP/1.1\r\n\r\n")));
        assertTrue(refused.getMessage().contains("not a PROXY header"), refused.getMessage());
        assertEquals(List.of(LayerEvent.PROXY_REFUSED), port.events);
        assertTrue(port.identified.isEmpty() && port.delivered.isEmpty(), "its worker never hears of it");
    }

    @Test
    void aHeaderNotWholeWithinTheTimeoutIsRefusedAndCounted() throws Exception {
        stack.input(ascii("PROXY TCP4 192.0"));
        assertEquals(1, port.timers.size());
        assertEquals(TIMEOUT, port.timers.getFirst().delayNanos());
        port.timers.getFirst().task().run();
        assertEquals(List.of(LayerEvent.PROXY_REFUSED), port.events);
        assertTrue(port.rejected.contains("proxy_protocol_timeout"), port.rejected);
    }

    @Test
    void theTimerDoesNothingOnceTheHeaderCame() throws Exception {
        stack.input(ascii("PROXY UNKNOWN\r\n"));
        port.timers.getFirst().task().run();
        assertTrue(port.events.isEmpty());
        assertNull(port.rejected);
    }

    @Test
    void aSourceClosingBeforeItsHeaderIsCountedAndEndsTheConnection() throws Exception {
        stack.input(ascii("PROXY TCP4"));
        stack.inputEnded();
        assertEquals(List.of(LayerEvent.PROXY_REFUSED), port.events);
        assertTrue(port.inputEnded);
    }

    @Test
    void theLayerHoldsTheConnectBackAndLeavesBeforeNamingTheClient() throws Exception {
        List<Boolean> delayedWhenNamed = new java.util.ArrayList<>();
        ProtocolStack[] holder = new ProtocolStack[1];
        FakePort watching = new FakePort() {
            @Override
            public void clientIdentified(InetSocketAddress client) {
                delayedWhenNamed.add(holder[0].delaysConnect()); // what ClientConnection asks to announce or not
            }
        };
        holder[0] = new ProtocolStack(List.of(new ProxyHeaderLayer(TIMEOUT), new FramedPacketLayer(new RawFramer())),
                watching);
        assertTrue(holder[0].delaysConnect(), "the worker hears of the session only once the header named the client");
        holder[0].input(ascii("PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\n"));
        assertEquals(List.of(false), delayedWhenNamed, "left the stack first: nothing above holds the CONNECT back");
    }
}
