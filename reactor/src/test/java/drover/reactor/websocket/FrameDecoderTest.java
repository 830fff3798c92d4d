package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.buffer;
import static drover.reactor.websocket.ClientFrames.bytes;
import static drover.reactor.websocket.ClientFrames.concat;
import static drover.reactor.websocket.ClientFrames.masked;
import static drover.reactor.websocket.ClientFrames.unmasked;
import static drover.reactor.websocket.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final RecordingSink sink = new RecordingSink();

    private FrameDecoder decoder(int maxMessage, boolean passThrough) {
        return new FrameDecoder(sink, maxMessage, passThrough, null);
    }

    /** Feeds the bytes one at a time, so every header, mask and character is split. */
    private static void feedByteByByte(FrameDecoder decoder, byte[] wire) throws WebSocketException {
        for (byte b : wire) {
            decoder.feed(ByteBuffer.wrap(new byte[] {b}));
        }
    }

    private CloseStatus failure(FrameDecoder decoder, byte[] wire) {
        return assertThrows(WebSocketException.class, () -> decoder.feed(buffer(wire))).status();
    }

    @Test
    void decodesTheMaskedHelloOfRfc6455Section57() throws Exception {
        byte[] wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        decoder(1024, false).feed(buffer(wire));
        assertEquals(List.of("TEXT: Hello"), sink.events);
    }

    @Test
    void decodesTheMaskedPongOfSection57() throws Exception {
        byte[] wire = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        decoder(1024, false).feed(buffer(wire));
        assertEquals(List.of("PONG: Hello"), sink.events);
    }

    @Test
    void reassemblesTheFragmentedHelloOfSection57WithAPingBetween() throws Exception {
        byte[] wire = concat(masked(0x01, utf8("Hel")), masked(0x89, utf8("ping")), masked(0x80, utf8("lo")));
        feedByteByByte(decoder(1024, false), wire);
        assertEquals(List.of("PING: ping", "TEXT: Hello"), sink.events);
    }

    @Test
    void validatesAMultiByteCharacterSplitAcrossFrames() throws Exception {
        byte[] text = utf8("κόσμε €𝄞");       // 2-, 3- and 4-byte characters
        byte[] first = java.util.Arrays.copyOfRange(text, 0, 12);    // ends inside the 4-byte character
        byte[] rest = java.util.Arrays.copyOfRange(text, 12, text.length);
        feedByteByByte(decoder(1024, false), concat(masked(0x01, first), masked(0x80, rest)));
        assertEquals(List.of("TEXT: κόσμε €𝄞"), sink.events);
    }

    @Test
    void passesFragmentsThroughWithTheirFinishFlag() throws Exception {
        byte[] wire = concat(masked(0x02, bytes(1, 2)), masked(0x00, bytes(3)), masked(0x80, bytes(4, 5, 6)));
        decoder(4, true).feed(buffer(wire));   // the message (6 bytes) is over the limit; no fragment is
        assertEquals(List.of("BINARY (more): 2 bytes", "BINARY (more): 1 bytes", "BINARY: 3 bytes"), sink.events);
    }

    @Test
    void decodesSixteenAndSixtyFourBitLengths() throws Exception {
        byte[] medium = new byte[256];
        byte[] large = new byte[65536];
        large[65535] = 42;
        decoder(1 << 20, false).feed(buffer(concat(masked(0x82, medium), masked(0x82, large))));
        assertEquals(List.of("BINARY: 256 bytes", "BINARY: 65536 bytes"), sink.events);
        assertArrayEquals(large, sink.payloads.get(1));
    }

    @Test
    void refusesAnUnmaskedClientFrameWith1002() {
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), unmasked(0x81, utf8("Hello"))));
    }

    @Test
    void refusesAControlFrameOver125BytesWith1002() {
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x89, new byte[126])));
    }

    @Test
    void refusesAFragmentedControlFrameWith1002() {
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x09, utf8("ping"))));
    }

    @Test
    void refusesReservedBitsAndOpcodesWith1002() {
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0xC1, utf8("x"))));  // RSV1, no deflate
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0xA1, utf8("x"))));  // RSV2
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x83, utf8("x"))));  // opcode 3
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x8B, utf8("x"))));  // opcode 0xB
    }

    @Test
    void refusesBrokenFragmentSequencesWith1002() {
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x80, utf8("x"))));
        byte[] twoStarts = concat(masked(0x01, utf8("a")), masked(0x81, utf8("b")));
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), twoStarts));
    }

    @Test
    void refusesA64BitLengthWithItsTopBitSetWith1002() {
        byte[] header = bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4);
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), header));
    }

    @Test
    void refusesBadUtf8With1007AtTheFirstBadFragment() {
        FrameDecoder decoder = decoder(1024, false);
        assertEquals(CloseStatus.INVALID_PAYLOAD, failure(decoder, masked(0x01, bytes(0x41, 0xED, 0xA0, 0x80))));
        assertTrue(sink.events.isEmpty());
        assertEquals(CloseStatus.INVALID_PAYLOAD, failure(decoder(1024, false), masked(0x81, bytes(0xC0, 0xAF))));
    }

    @Test
    void refusesTextEndingInsideACharacterWith1007() {
        byte[] euroStart = bytes(0xE2, 0x82);
        assertEquals(CloseStatus.INVALID_PAYLOAD, failure(decoder(1024, false), masked(0x81, euroStart)));
    }

    @Test
    void refusesAMessageOverTheLimitWith1009BeforeItsPayloadArrives() {
        byte[] header = java.util.Arrays.copyOf(masked(0x82, new byte[2000]), 8);   // header only
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, failure(decoder(1024, false), header));
        byte[] fragments = concat(masked(0x02, new byte[600]), masked(0x80, new byte[600]));
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, failure(decoder(1024, false), fragments));
    }

    @Test
    void checksCloseCodesAndReasons() throws Exception {
        decoder(1024, false).feed(buffer(masked(0x88, concat(bytes(0x03, 0xE8), utf8("bye")))));
        decoder(1024, false).feed(buffer(masked(0x88, new byte[0])));
        assertEquals(List.of("CLOSE 1000 bye", "CLOSE 1005"), sink.events);
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
            byte[] frame = masked(0x88, bytes(code >>> 8, code & 0xFF));
            assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), frame), "code " + code);
        }
        assertEquals(CloseStatus.PROTOCOL_ERROR, failure(decoder(1024, false), masked(0x88, bytes(0x03))));
        byte[] badReason = masked(0x88, bytes(0x03, 0xE8, 0xFF));
        assertEquals(CloseStatus.INVALID_PAYLOAD, failure(decoder(1024, false), badReason));
    }

    @Test
    void readsNothingAfterACloseFrame() throws Exception {
        FrameDecoder decoder = decoder(1024, false);
        decoder.feed(buffer(concat(masked(0x88, bytes(0x03, 0xE8)), masked(0x81, utf8("late")))));
        assertEquals(List.of("CLOSE 1000"), sink.events);
    }
}
