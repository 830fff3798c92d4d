package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {
    private static boolean valid(byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(bytes, 0, bytes.length) && validator.isComplete();
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void acceptsEveryCharacterWidth() {
        assertTrue(valid("aκ€𝄞\u0000\uFFFF".getBytes(StandardCharsets.UTF_8)));
        assertTrue(valid(bytes(0xF4, 0x8F, 0xBF, 0xBF)));   // U+10FFFF
    }

    @Test
    void refusesOverlongSurrogatesAndBeyondU10FFFF() {
        assertFalse(valid(bytes(0xC0, 0x80)));
        assertFalse(valid(bytes(0xE0, 0x80, 0xAF)));
        assertFalse(valid(bytes(0xF0, 0x80, 0x80, 0xAF)));
        assertFalse(valid(bytes(0xED, 0xA0, 0x80)));        // U+D800
        assertFalse(valid(bytes(0xF4, 0x90, 0x80, 0x80)));  // U+110000
        assertFalse(valid(bytes(0xF5, 0x80, 0x80, 0x80)));
        assertFalse(valid(bytes(0x80)));
        assertFalse(valid(bytes(0xE2, 0x82)));              // cut short
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytesSplitAnywhere() {
        Random random = new Random(21);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(4);
                bytes[i] = (byte) (pick == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            int split = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            Utf8Validator validator = new Utf8Validator();
            boolean ok = validator.feed(bytes, 0, split) && validator.feed(bytes, split, bytes.length - split)
                    && validator.isComplete();
            assertEquals(jdkAccepts(bytes), ok, () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }
}
