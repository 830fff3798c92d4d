package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.common.http.HttpDate;
import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.reactor.protocol.FakePort;
import drover.reactor.protocol.ProtocolStack;
import drover.reactor.websocket.WebSocketLayer;
import drover.reactor.websocket.WebSocketPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An HTTP connection that upgrades to WebSocket, through a fake connection: the reactor's checks,
 * the worker's decision, the 101 and the WebSocket layer in the HTTP layer's place, messages to the
 * worker and pushes from it, and the close statuses the worker is told.
 */
class WebSocketUpgradeTest {
    private static final HttpLimits LIMITS = new HttpLimits(8192, 1 << 20, TimeUnit.SECONDS.toNanos(10));
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private final FakePort port = new FakePort();
    private final ProtocolStack stack = new ProtocolStack(List.of(new HttpLayer(LIMITS, 1 << 20, new HttpDate(),
            new FramerDriver.FakeClock(), new WebSocketPolicy(1000, true, false, false))), port);

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer masked(int firstByte, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
        frame.put((byte) firstByte).put((byte) (0x80 | payload.length)).put(MASK);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ MASK[i % 4]));
        }
        return frame.flip();
    }

    private String written() {
        return port.written.toString(StandardCharsets.ISO_8859_1);
    }

    private void upgrade() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(UPGRADE));
        assertEquals(1, port.delivered.size(), "the valid upgrade request goes to the worker's onHandshake");
        assertTrue(port.held, "nothing more is read until the app decides");
        port.messagesInFlight--; // the connection counts the answer off, then hands the frame to the stack
        assertTrue(stack.layerFrame(FrameType.RESPONSE_END, FrameType.WEBSOCKET_FLAG, ByteBuffer.allocate(0)));
        port.written.reset();
    }

    @Test
    void anAcceptedUpgradeAnswers101AndTheWebSocketLayerTakesTheHttpLayersPlace() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(UPGRADE));
        HttpPacket.Request request = assertInstanceOf(HttpPacket.Request.class,
                HttpPacketDecoder.decode(port.delivered.getFirst()));
        assertEquals("/chat", request.message().path());
        assertEquals("", written(), "no 101 before the app accepts");

        port.messagesInFlight--;
        assertTrue(stack.layerFrame(FrameType.RESPONSE_END, FrameType.WEBSOCKET_FLAG, ByteBuffer.allocate(0)));
        assertTrue(written().startsWith("HTTP/1.1 101 Switching Protocols\r\n"), written());
        assertTrue(written().contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), written());
        assertInstanceOf(WebSocketLayer.class, stack.layers().getFirst());
        assertTrue(port.webSocketOpened, "every worker is told");
        assertFalse(port.held, "reading goes on, now as WebSocket");
        port.bufferOutputSize = 100;
        assertEquals(1 << 20, stack.outputLimit(), "a message as large as a client may send can be pushed back");

        stack.input(masked(0x81, "hi".getBytes(StandardCharsets.UTF_8)));
        byte[] message = port.delivered.getLast();
        assertTrue(WebSocketWire.isMessage(message));
        assertEquals(1, WebSocketWire.opcode(message));
        assertEquals("hi", new String(message, 1, message.length - 1, StandardCharsets.UTF_8));

        port.written.reset();
        assertTrue(stack.layerFrame(FrameType.SEND, FrameType.WEBSOCKET_FLAG | 2, ByteBuffer.wrap(new byte[] {7, 8})));
        assertArrayEquals(new byte[] {(byte) 0x82, 2, 7, 8}, port.written.toByteArray(), "one unmasked binary frame");
    }

    @Test
    void anInvalidUpgradeIsRefusedByTheReactorAndNeverReachesAWorker() throws Exception {
        stack.input(ascii(UPGRADE.replace("Version: 13", "Version: 12")));
        assertTrue(port.delivered.isEmpty());
        assertTrue(written().startsWith("HTTP/1.1 426 Upgrade Required\r\n"), written());
        assertTrue(written().contains("Sec-WebSocket-Version: 13\r\n"), written());
        assertTrue(port.closing);
    }

    @Test
    void anUpgradeTheAppAnswersAsPlainHttpClosesTheConnectionAfterThatAnswer() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(UPGRADE));
        port.messagesInFlight--;
        stack.responseEnded(); // a 403 from onHandshake, or an app without WebSocket
        assertTrue(port.closing, "what follows an upgrade request is not HTTP");
        assertInstanceOf(HttpLayer.class, stack.layers().getFirst());
    }

    @Test
    void pingsArePongedAndAClientCloseIsEchoedWithItsStatusForTheWorker() throws Exception {
        upgrade();
        stack.input(masked(0x89, new byte[] {1, 2}));
        assertArrayEquals(new byte[] {(byte) 0x8A, 2, 1, 2}, port.written.toByteArray(), "the reactor's pong");
        assertEquals(1, port.delivered.size(), "the ping is not the worker's business");

        port.written.reset();
        stack.input(masked(0x88, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
        assertArrayEquals(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}, port.written.toByteArray());
        assertEquals(1000, port.webSocketCode);
        assertEquals("bye", port.webSocketReason);
        assertTrue(port.closing);
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        upgrade();
        stack.input(ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, 'x'}));
        byte[] out = port.written.toByteArray();
        assertEquals((byte) 0x88, out[0]);
        assertEquals(1002, ((out[2] & 0xFF) << 8) | (out[3] & 0xFF));
        assertEquals(1002, port.webSocketCode);
        assertTrue(port.closing);
    }

    @Test
    void aWorkersCloseRequestStartsTheHandshakeAndAnIdleConnectionGoesAwayWith1001() throws Exception {
        upgrade();
        stack.layerFrame(FrameType.CLOSE_REQUEST, FrameType.WEBSOCKET_FLAG, ByteBuffer.wrap(WebSocketWire.close(4001, "kick")));
        byte[] out = port.written.toByteArray();
        assertEquals(4001, ((out[2] & 0xFF) << 8) | (out[3] & 0xFF));
        assertFalse(port.closing, "the client's answer ends it");
        assertEquals(1, port.timers.size(), "or the close deadline");
        stack.input(masked(0x88, new byte[] {0x0F, (byte) 0xA1}));
        assertEquals(4001, port.webSocketCode, "onClose gets the code of the close that ended it");
        assertTrue(port.closing);
    }

    @Test
    void idleConnectionsAreClosedWith1001() throws Exception {
        upgrade();
        assertTrue(stack.idle());
        byte[] out = port.written.toByteArray();
        assertEquals(1001, ((out[2] & 0xFF) << 8) | (out[3] & 0xFF));
        port.timers.getLast().task().run(); // the client never answered
        assertTrue(port.closing);
        assertEquals(1001, port.webSocketCode);
    }
}
