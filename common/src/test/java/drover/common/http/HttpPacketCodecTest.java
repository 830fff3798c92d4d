package drover.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpPacketCodecTest {
    static final HttpRequestMessage FULL = new HttpRequestMessage("POST", "/a%20b", "x=1&y=%C3%A9", HttpVersion.HTTP_1_1,
            true, HttpHeaders.of("Host", "h", "X-Long", "v".repeat(20_000), "X-Latin", "caf\u00e9"),
            "body\u0000bytes".getBytes(StandardCharsets.ISO_8859_1), HttpHeaders.of("Checksum", "1"));

    static List<HttpRequestMessage> messages() {
        return List.of(FULL,
                new HttpRequestMessage("GET", "/", "", HttpVersion.HTTP_1_0, false, HttpHeaders.empty(), new byte[0],
                        HttpHeaders.empty()),
                new HttpRequestMessage("OPTIONS", "*", "", HttpVersion.HTTP_1_0, true, HttpHeaders.of("A", ""),
                        new byte[300_000], HttpHeaders.empty()));
    }

    @Test
    void requestsRoundTrip() throws HttpPacketFormatException {
        for (HttpRequestMessage message : messages()) {
            byte[] packet = HttpPacketEncoder.request(message);
            assertEquals(new HttpPacket.Request(message), HttpPacketDecoder.decode(packet));
            assertEquals(new HttpPacket.Request(message), HttpPacketDecoder.decode(ByteBuffer.allocateDirect(packet.length)
                    .put(packet).flip()), "a direct buffer decodes the same");
        }
    }

    @Test
    void controlPacketsRoundTrip() throws HttpPacketFormatException {
        assertEquals(new HttpPacket.ContinueOwed(), HttpPacketDecoder.decode(HttpPacketEncoder.continueOwed()));
        assertEquals(new HttpPacket.InputEnded(), HttpPacketDecoder.decode(HttpPacketEncoder.inputEnded()));
        for (HttpStatus status : HttpStatus.values()) {
            HttpPacket.Rejected rejected = new HttpPacket.Rejected(status, "why: \u00e9 " + status);
            assertEquals(rejected, HttpPacketDecoder.decode(HttpPacketEncoder.reject(status, rejected.why())));
        }
    }

    @Test
    void theSmallestRequestIsCompact() {
        byte[] packet = HttpPacketEncoder.request(messages().get(1));
        // kind, flags, 3 one-byte lengths + "GET" "/", header count, body length, trailer count
        assertEquals(1 + 1 + 3 + 3 + 1 + 2 + 4 + 2, packet.length);
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] packet = HttpPacketEncoder.request(FULL);
        for (int length = 0; length < packet.length; length += length < 200 ? 1 : 997) {
            byte[] truncated = Arrays.copyOf(packet, length);
            assertThrows(HttpPacketFormatException.class, () -> HttpPacketDecoder.decode(truncated), "length " + length);
        }
    }

    @Test
    void brokenPacketsAreRefusedWithAReason() {
        assertMessage("empty HTTP packet", new byte[0]);
        assertMessage("unknown HTTP packet kind 9 (expected 1..4)", new byte[] {9});
        assertMessage("unknown request flags 0x80", new byte[] {1, (byte) 0x80});
        assertMessage("1 bytes left over after the HTTP packet", new byte[] {2, 0});
        assertMessage("rejection with status 299, which Drover never produces", new byte[] {3, 1, 43});
        assertMessage("varint longer than 5 bytes", new byte[] {1, 0, -1, -1, -1, -1, -1, -1});
        assertMessage("varint exceeds 2^31-1", new byte[] {1, 0, -1, -1, -1, -1, 0x0F});
        byte[] hugeBody = HttpPacketEncoder.request(messages().get(1));
        ByteBuffer.wrap(hugeBody).putInt(hugeBody.length - 6, 1000);
        assertMessage("body length 1000 exceeds the 2 bytes left in the packet", hugeBody);
    }

    @Test
    void varintsUseSevenBitsPerByte() throws HttpPacketFormatException {
        for (int value : new int[] {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE}) {
            ByteBuffer buffer = ByteBuffer.allocate(8);
            HttpPacketEncoder.putVarint(buffer, value);
            int expectedSize = value < 128 ? 1 : value < 16384 ? 2 : value < (1 << 21) ? 3 : 5;
            assertEquals(expectedSize, buffer.position(), "size of " + value);
            assertEquals(value, HttpPacketDecoder.varint(buffer.flip()));
        }
        assertThrows(IllegalArgumentException.class, () -> HttpPacketEncoder.putVarint(ByteBuffer.allocate(8), -1));
    }

    @Test
    void headersLookUpIgnoringCaseAndKeepOrderAndSpelling() {
        HttpHeaders headers = HttpHeaders.of("Set-Thing", "1", "X-A", "a", "set-thing", "2");
        assertEquals("1", headers.get("SET-THING"));
        assertEquals(List.of("1", "2"), headers.all("set-Thing"));
        assertEquals("set-thing", headers.name(2));
        assertTrue(headers.contains("x-a"));
        assertEquals(null, headers.get("X-B"));
        assertEquals(List.of(), headers.all("X-B"));
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("odd"));
        assertThrows(IndexOutOfBoundsException.class, () -> headers.name(3));
    }

    private static void assertMessage(String expected, byte[] packet) {
        HttpPacketFormatException e = assertThrows(HttpPacketFormatException.class, () -> HttpPacketDecoder.decode(packet));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void bodyBytesSurviveUnchanged() throws HttpPacketFormatException {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        HttpRequestMessage message = new HttpRequestMessage("PUT", "/", "", HttpVersion.HTTP_1_1, true,
                HttpHeaders.empty(), body, HttpHeaders.empty());
        HttpPacket.Request decoded = (HttpPacket.Request) HttpPacketDecoder.decode(HttpPacketEncoder.request(message));
        assertArrayEquals(body, decoded.message().body());
    }
}
