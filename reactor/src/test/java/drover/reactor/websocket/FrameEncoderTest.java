package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.bytes;
import static drover.reactor.websocket.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    private static byte[] array(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Test
    void encodesTheUnmaskedFramesOfRfc6455Section57() {
        assertArrayEquals(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), array(FrameEncoder.encode(Opcode.TEXT, utf8("Hello"))));
        assertArrayEquals(bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), array(FrameEncoder.encode(Opcode.PING, utf8("Hello"))));
        byte[] hel = array(FrameEncoder.encode(Opcode.TEXT, false, false, utf8("Hello"), 0, 3));
        byte[] lo = array(FrameEncoder.encode(Opcode.CONTINUATION, true, false, utf8("Hello"), 3, 2));
        assertArrayEquals(bytes(0x01, 0x03, 0x48, 0x65, 0x6c), hel);
        assertArrayEquals(bytes(0x80, 0x02, 0x6c, 0x6f), lo);
    }

    @Test
    void usesTheShortestLengthForm() {
        byte[] medium = array(FrameEncoder.encode(Opcode.BINARY, new byte[256]));
        assertArrayEquals(bytes(0x82, 0x7E, 0x01, 0x00), Arrays.copyOf(medium, 4));
        byte[] large = array(FrameEncoder.encode(Opcode.BINARY, new byte[65536]));
        assertArrayEquals(bytes(0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0), Arrays.copyOf(large, 10));
        assertEquals(65546, large.length);
        assertEquals(2, FrameEncoder.headerLength(125));
        assertEquals(4, FrameEncoder.headerLength(126));
        assertEquals(4, FrameEncoder.headerLength(65535));
        assertEquals(10, FrameEncoder.headerLength(65536));
    }

    @Test
    void cutsALongCloseReasonOnACharacterBoundary() {
        byte[] close = array(FrameEncoder.encodeClose(1001, "€".repeat(60)));   // 180 bytes of reason
        assertEquals(0x88, close[0] & 0xFF);
        assertEquals(2 + 2 + 123 / 3 * 3, close.length);
        assertEquals(1001, (close[2] & 0xFF) << 8 | (close[3] & 0xFF));
        assertEquals("€".repeat(41), new String(close, 4, close.length - 4, StandardCharsets.UTF_8));
    }

    @Test
    void refusesOversizedOrFragmentedControlFrames() {
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(Opcode.PING, new byte[126]));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(Opcode.PONG, false, false, new byte[1], 0, 1));
    }
}
