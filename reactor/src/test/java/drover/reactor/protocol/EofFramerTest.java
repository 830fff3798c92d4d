package drover.reactor.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EofFramerTest {
    private static final byte[] CRLF = bytes("\r\n");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> text(List<byte[]> packets) {
        return packets.stream().map(p -> new String(p, StandardCharsets.ISO_8859_1)).toList();
    }

    /**
     * Messages with most of the marker inside them, so a half-matched marker must not end a message.
     * Candidates holding the whole marker before their end are left out: they would be two messages.
     */
    private static List<String> messages(String eof) {
        String head = eof.substring(0, eof.length() - 1);
        List<String> candidates = List.of("hello" + eof, eof, "a" + head + "Q" + eof, head + eof, "x".repeat(40) + eof,
                "z" + eof, head + "Q" + head + eof);
        List<String> messages = candidates.stream().filter(m -> m.indexOf(eof) == m.length() - eof.length()).toList();
        assertTrue(messages.size() >= 5, "too few test messages for " + eof);
        return messages;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n", "\r\n\r\n", "aab", "\0END\0\0\0\0"})
    void splitDeliversEveryMessageWhateverTheReadBoundaries(String eof) throws PacketFormatException {
        List<String> sent = messages(eof);
        byte[] stream = bytes(String.join("", sent));
        for (int cut = 0; cut <= stream.length; cut++) {
            for (int secondCut = cut; secondCut <= stream.length; secondCut += 7) {
                SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(bytes(eof), true, 1024), 4, true)
                        .feed(List.of(Arrays.copyOfRange(stream, 0, cut), Arrays.copyOfRange(stream, cut, secondCut),
                                Arrays.copyOfRange(stream, secondCut, stream.length)));
                assertEquals(sent, text(connection.packets()), "cut at " + cut + " and " + secondCut);
                assertEquals(0, connection.pendingBytes());
            }
        }
    }

    @Test
    void splitDeliversByteByByte() throws PacketFormatException {
        List<String> sent = messages("\r\n\r\n");
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(bytes("\r\n\r\n"), true, 1024), 2, true);
        for (byte b : bytes(String.join("", sent))) {
            connection.read(new byte[] {b});
        }
        assertEquals(sent, text(connection.packets()));
    }

    @Test
    void splitDeliversManyMessagesFromOneRead() throws PacketFormatException {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add("message " + i + "\r\n");
        }
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, true, 64), 1 << 16)
                .read(bytes(String.join("", sent)));
        assertEquals(sent, text(connection.packets()));
    }

    @Test
    void splitKeepsAnUnfinishedMessage() throws PacketFormatException {
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, true, 64), 16, true)
                .read(bytes("one\r\ntwo\r"));
        assertEquals(List.of("one\r\n"), text(connection.packets()));
        assertEquals(4, connection.pendingBytes());
        connection.read(bytes("\n"));
        assertEquals(List.of("one\r\n", "two\r\n"), text(connection.packets()));
    }

    @Test
    void splitAcceptsAMessageOfExactlyTheMaximumLength() throws PacketFormatException {
        String max = "x".repeat(14) + "\r\n";
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, true, 16), 4, true).read(bytes(max));
        assertEquals(List.of(max), text(connection.packets()));
    }

    @Test
    void splitRefusesAMessageOneByteTooLong() {
        EofFramer framer = new EofFramer(CRLF, true, 16);
        PacketFormatException e = assertThrows(PacketFormatException.class,
                () -> framer.frame(ByteBuffer.wrap(bytes("x".repeat(15) + "\r\n")), packet -> { }));
        assertTrue(e.getMessage().contains("17 bytes with its package_eof exceeds package_max_length 16"), e.getMessage());
    }

    @Test
    void splitRefusesAsSoonAsTheMaximumPassesWithoutAMarker() throws PacketFormatException {
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, true, 16), 4, true);
        connection.read(bytes("x".repeat(15)));
        PacketFormatException e = assertThrows(PacketFormatException.class, () -> connection.read(bytes("y")));
        assertTrue(e.getMessage().contains("at least 17 bytes without package_eof exceeds package_max_length 16"),
                e.getMessage());
    }

    @Test
    void checkDeliversWhateverEndsWithTheMarkerAsOnePacket() throws PacketFormatException {
        byte[] stream = bytes("a\r\nbb\r\nccc\r\n");
        for (int cut = 0; cut <= stream.length; cut++) {
            byte[] first = Arrays.copyOfRange(stream, 0, cut);
            byte[] second = Arrays.copyOfRange(stream, cut, stream.length);
            // a buffer as large as the stream, so each chunk is exactly one read
            SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, false, 64), 64, true)
                    .feed(List.of(first, second));
            boolean firstEndsAMessage = cut > 0 && stream[cut - 1] == '\n';
            List<String> expected = firstEndsAMessage && cut < stream.length
                    ? List.of(new String(first, StandardCharsets.ISO_8859_1), new String(second, StandardCharsets.ISO_8859_1))
                    : List.of("a\r\nbb\r\nccc\r\n");
            assertEquals(expected, text(connection.packets()), "cut at " + cut);
        }
    }

    @Test
    void checkKeepsBytesThatCanStillEndWithinTheMaximum() throws PacketFormatException {
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new EofFramer(CRLF, false, 8), 4, true);
        connection.read(bytes("a\r\nbcd\r")); // 7 bytes: one more could end them at 8
        assertEquals(List.of(), connection.packets());
        connection.read(bytes("\n"));
        assertEquals(List.of("a\r\nbcd\r\n"), text(connection.packets()));
    }

    @Test
    void checkRefusesWhenBufferedBytesCanNoLongerFit() {
        EofFramer framer = new EofFramer(CRLF, false, 8);
        PacketFormatException e = assertThrows(PacketFormatException.class,
                () -> framer.frame(ByteBuffer.wrap(bytes("a\r\nbcdefg")), packet -> { }));
        assertTrue(e.getMessage().contains("at least 10 bytes without package_eof at the end exceeds package_max_length 8"),
                e.getMessage());
        PacketFormatException whole = assertThrows(PacketFormatException.class,
                () -> new EofFramer(CRLF, false, 8).frame(ByteBuffer.wrap(bytes("abcdefg\r\n")), packet -> { }));
        assertTrue(whole.getMessage().contains("9 bytes ending with package_eof exceeds package_max_length 8"),
                whole.getMessage());
    }

    @Test
    void badConstructionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EofFramer(new byte[0], true, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EofFramer(bytes("END"), true, 2));
        assertTrue(e.getMessage().contains("package_max_length 2"), e.getMessage());
    }
}
