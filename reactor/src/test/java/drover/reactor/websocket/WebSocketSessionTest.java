package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.buffer;
import static drover.reactor.websocket.ClientFrames.bytes;
import static drover.reactor.websocket.ClientFrames.concat;
import static drover.reactor.websocket.ClientFrames.masked;
import static drover.reactor.websocket.ClientFrames.unmasked;
import static drover.reactor.websocket.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSessionTest {
    private static final WebSocketPolicy POLICY = new WebSocketPolicy(1 << 20, true, false, true);

    /** Collects the frames a session writes and whether it closed the transport. */
    static final class Wire implements WebSocketSession.Output {
        final List<byte[]> frames = new ArrayList<>();
        int transportCloses;
        boolean backlogged;

        @Override
        public boolean backlogged() {
            return backlogged;
        }

        @Override
        public void write(ByteBuffer frame) {
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            frames.add(bytes);
        }

        @Override
        public void closeTransport() {
            transportCloses++;
        }

        byte[] last() {
            return frames.get(frames.size() - 1);
        }

        int lastCloseCode() {
            byte[] close = last();
            assertEquals(0x88, close[0] & 0xFF, "a close frame");
            return (close[2] & 0xFF) << 8 | (close[3] & 0xFF);
        }
    }

    private final RecordingSink app = new RecordingSink();
    private final Wire wire = new Wire();

    private WebSocketSession session(WebSocketPolicy policy, DeflateParameters deflate) {
        return new WebSocketSession(policy, deflate, app, wire);
    }

    @Test
    void answersAPingWithAPongCarryingTheSamePayload() {
        WebSocketSession session = session(POLICY, null);
        session.receive(buffer(masked(0x89, utf8("Hello"))));
        assertArrayEquals(unmasked(0x8A, utf8("Hello")), wire.last());
        assertTrue(app.events.isEmpty());
    }

    @Test
    void answersOnlyTheLatestPingOnceAClientThatDoesNotReadDrains() {
        WebSocketSession session = session(POLICY, null);
        wire.backlogged = true;
        session.receive(buffer(concat(masked(0x89, utf8("1")), masked(0x89, utf8("2")), masked(0x89, utf8("3")))));
        assertTrue(wire.frames.isEmpty(), "no pong grows an output already full");
        session.outputDrained();
        assertTrue(wire.frames.isEmpty(), "still full");
        wire.backlogged = false;
        session.outputDrained();
        assertEquals(1, wire.frames.size());
        assertArrayEquals(unmasked(0x8A, utf8("3")), wire.last(), "one pong, for the latest ping");
        session.outputDrained();
        assertEquals(1, wire.frames.size(), "owed once");
    }

    @Test
    void handsPingsAndPongsToTheAppWithoutAutoPong() {
        WebSocketSession session = session(new WebSocketPolicy(1024, false, false, false), null);
        session.receive(buffer(concat(masked(0x89, utf8("a")), masked(0x8A, utf8("b")))));
        assertEquals(List.of("PING: a", "PONG: b"), app.events);
        assertTrue(wire.frames.isEmpty());
    }

    @Test
    void echoesTheClientsCloseThenClosesTheTransportAndTellsTheAppOnce() {
        WebSocketSession session = session(POLICY, null);
        session.receive(buffer(concat(masked(0x81, utf8("hi")), masked(0x88, concat(bytes(0x03, 0xE9), utf8("away"))))));
        assertEquals(1001, wire.lastCloseCode());
        assertEquals(1, wire.transportCloses);
        assertEquals(List.of("TEXT: hi", "CLOSE 1001 away"), app.events);
        session.transportClosed();
        assertFalse(session.send(Opcode.TEXT, utf8("late")));
        assertEquals(2, app.events.size());
    }

    @Test
    void answersACloseWithoutStatusWithoutStatus() {
        session(POLICY, null).receive(buffer(masked(0x88, new byte[0])));
        assertArrayEquals(bytes(0x88, 0x00), wire.last());
        assertEquals(List.of("CLOSE 1005"), app.events);
    }

    @Test
    void aServerCloseWaitsForTheClientsReplyAndDropsMessagesMeanwhile() {
        WebSocketSession session = session(POLICY, null);
        session.close(1000, "done");
        assertEquals(1000, wire.lastCloseCode());
        assertTrue(session.isClosing());
        assertEquals(0, wire.transportCloses);
        session.receive(buffer(concat(masked(0x81, utf8("in flight")), masked(0x88, bytes(0x03, 0xE8)))));
        assertEquals(List.of("CLOSE 1000 done"), app.events);
        assertEquals(1, wire.transportCloses);
        assertEquals(1, wire.frames.size(), "the reply is not answered again");
    }

    @Test
    void aCloseNeverAnsweredEndsAtTheDeadline() {
        WebSocketSession session = session(POLICY, null);
        session.close(4000, "bye");
        session.closeTimedOut();
        assertEquals(1, wire.transportCloses);
        assertEquals(List.of("CLOSE 4000 bye"), app.events);
    }

    @Test
    void failsAnUnmaskedFrameWith1002AndReadsNoMore() {
        WebSocketSession session = session(POLICY, null);
        session.receive(buffer(unmasked(0x81, utf8("Hello"))));
        assertEquals(1002, wire.lastCloseCode());
        assertEquals(1, wire.transportCloses);
        assertEquals(List.of("CLOSE 1002 client frame not masked"), app.events);
        session.receive(buffer(masked(0x81, utf8("more"))));
        assertEquals(1, app.events.size());
    }

    @Test
    void failsBadUtf8With1007AndAnOversizedMessageWith1009() {
        session(POLICY, null).receive(buffer(masked(0x81, bytes(0xFF))));
        assertEquals(1007, wire.lastCloseCode());
        session(new WebSocketPolicy(10, true, false, false), null).receive(buffer(masked(0x82, new byte[11])));
        assertEquals(1009, wire.lastCloseCode());
    }

    @Test
    void aConnectionLostWithoutCloseEndsWith1006() {
        session(POLICY, null).transportClosed();
        assertEquals(List.of("CLOSE 1006"), app.events);
    }

    @Test
    void sendsCompressedMessagesWithRsv1AndReadsCompressedFragments() {
        WebSocketSession session = session(POLICY, new DeflateParameters(false, false));
        assertTrue(session.send(Opcode.TEXT, utf8("Hello")));
        assertArrayEquals(bytes(0xC1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), wire.last());
        // RFC 7692 section 7.2.3.1's compressed "Hello", split over two frames; RSV1 on the first only
        session.receive(buffer(concat(masked(0x41, bytes(0xf2, 0x48, 0xcd)), masked(0x80, bytes(0xc9, 0xc9, 0x07, 0x00)))));
        assertEquals(List.of("TEXT: Hello"), app.events);
        assertTrue(session.send(Opcode.PING, utf8("p")));
        assertArrayEquals(bytes(0x89, 0x01, 'p'), wire.last(), "control frames are never compressed");
    }

    @Test
    void failsACompressedBombWith1009AndCompressedBadUtf8With1007() {
        PerMessageDeflate compressor = new PerMessageDeflate(new DeflateParameters(false, false));
        byte[] bomb = compressor.compress(new byte[8 << 20], 0, 8 << 20);
        byte[] badText = compressor.compress(bytes(0xC3, 0x28), 0, 2);
        compressor.end();
        session(POLICY, new DeflateParameters(false, false)).receive(buffer(masked(0xC2, bomb)));
        assertEquals(1009, wire.lastCloseCode());
        session(POLICY, new DeflateParameters(false, false)).receive(buffer(masked(0xC1, badText)));
        assertEquals(1007, wire.lastCloseCode());
    }

    @Test
    void refusesTextThatIsNotUtf8AndSendCodesOutsideTheRfc() {
        WebSocketSession session = session(POLICY, null);
        assertThrows(IllegalArgumentException.class, () -> session.send(Opcode.TEXT, bytes(0xFF)));
        assertThrows(IllegalArgumentException.class, () -> session.close(1005, ""));
        assertTrue(session.isOpen());
        assertTrue(wire.frames.isEmpty());
    }

    @Test
    void aFloodOfPingsSplitAcrossReadsGetsOnePongEach() {
        WebSocketSession session = session(POLICY, null);
        byte[] ping = masked(0x89, utf8("x"));
        byte[] flood = new byte[ping.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(ping, 0, flood, i * ping.length, ping.length);
        }
        for (int at = 0; at < flood.length; at += 7) {
            session.receive(ByteBuffer.wrap(Arrays.copyOfRange(flood, at, Math.min(flood.length, at + 7))));
        }
        assertEquals(1000, wire.frames.size());
    }
}
