package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.bytes;
import static drover.reactor.websocket.ClientFrames.concat;
import static drover.reactor.websocket.ClientFrames.masked;
import static drover.reactor.websocket.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** However a client's bytes are cut into reads, the same messages come out; and garbage only ever fails cleanly. */
class FrameDecoderSplitTest {
    private static List<String> decodeInRandomReads(byte[] wire, Random random, DeflateParameters deflate) throws WebSocketException {
        RecordingSink sink = new RecordingSink();
        PerMessageDeflate codec = deflate == null ? null : new PerMessageDeflate(deflate);
        try {
            FrameDecoder decoder = new FrameDecoder(sink, 1 << 20, false, codec);
            for (int at = 0; at < wire.length; ) {
                int length = Math.min(wire.length - at, 1 + random.nextInt(20));
                decoder.feed(ByteBuffer.wrap(wire, at, length));
                at += length;
            }
            return sink.events;
        } finally {
            if (codec != null) {
                codec.end();
            }
        }
    }

    @Test
    void randomReadBoundariesGiveTheSameMessages() throws Exception {
        byte[] wire = concat(masked(0x81, utf8("κόσμε")), masked(0x01, utf8("a€")), masked(0x89, utf8("mid")),
                masked(0x00, utf8("𝄞b")), masked(0x80, new byte[0]), masked(0x82, new byte[300]),
                masked(0x8A, new byte[0]), masked(0x88, bytes(0x03, 0xE8)));
        List<String> expected = List.of("TEXT: κόσμε", "PING: mid", "TEXT: a€𝄞b", "BINARY: 300 bytes", "PONG: ", "CLOSE 1000");
        Random random = new Random(1);
        for (int round = 0; round < 500; round++) {
            assertEquals(expected, decodeInRandomReads(wire, random, null));
        }
    }

    @Test
    void randomReadBoundariesGiveTheSameCompressedMessages() throws Exception {
        PerMessageDeflate client = new PerMessageDeflate(new DeflateParameters(false, false));
        byte[] message = utf8("compressed κόσμε ".repeat(20));
        byte[] first = client.compress(message, 0, message.length);
        byte[] second = client.compress(message, 0, message.length);   // refers back to the first
        client.end();
        int half = second.length / 2;
        byte[] wire = concat(masked(0xC1, first), masked(0x41, java.util.Arrays.copyOf(second, half)),
                masked(0x89, utf8("p")), masked(0x80, java.util.Arrays.copyOfRange(second, half, second.length)));
        String text = "TEXT: " + "compressed κόσμε ".repeat(20);
        Random random = new Random(2);
        for (int round = 0; round < 200; round++) {
            assertEquals(List.of(text, "PING: p", text), decodeInRandomReads(wire, random, new DeflateParameters(false, false)));
        }
    }

    @Test
    void randomBytesEndInAProtocolErrorOrNothingButNeverACrash() {
        Random random = new Random(3);
        for (int round = 0; round < 20_000; round++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            if (garbage.length > 1) {
                garbage[1] |= (byte) 0x80;   // mostly masked, so the checks behind the mask bit are reached
            }
            try {
                decodeInRandomReads(garbage, random, random.nextBoolean() ? new DeflateParameters(false, false) : null);
            } catch (WebSocketException expected) {
                // any status will do: what matters is that nothing but a WebSocketException is thrown
                assertNotNull(expected.status());
            }
        }
    }
}
