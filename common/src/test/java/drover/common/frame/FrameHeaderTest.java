package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.session.SessionId;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameHeaderTest {
    private static final int MAX_PAYLOAD = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesTheDocumentedBigEndianLayout() {
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.SIZE);
        new FrameHeader(FrameType.SEND, 0xABCD, 0x01020304, 0x1122334455667788L, 0x99AABBCC).writeTo(out);

        assertEquals("d50e" + "01" + "04" + "abcd" + "0000" + "01020304" + "1122334455667788" + "99aabbcc",
                HEX.formatHex(out.array()));
        assertEquals(FrameHeader.SIZE, out.position());
    }

    @Test
    void staticWriteAndRecordWriteProduceTheSameBytes() {
        ByteBuffer viaRecord = ByteBuffer.allocate(FrameHeader.SIZE);
        ByteBuffer viaStatic = ByteBuffer.allocate(FrameHeader.SIZE);
        new FrameHeader(FrameType.DATA, 7, 300, 42L, 3).writeTo(viaRecord);
        FrameHeader.write(viaStatic, FrameType.DATA, 7, 300, 42L, 3);

        assertArrayEquals(viaRecord.array(), viaStatic.array());
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void everyTypeSurvivesARoundTripWithMaximalFieldValues(FrameType type) throws FrameFormatException {
        FrameHeader sent = new FrameHeader(type, 0xFFFF, MAX_PAYLOAD, -1L, -1);

        FrameHeader received = roundTrip(sent);

        assertEquals(sent, received);
        assertEquals(65535, received.flags());
        assertEquals("18446744073709551615", Long.toUnsignedString(received.sessionId()));
        assertEquals("4294967295", Integer.toUnsignedString(received.workerId()));
    }

    @Test
    void zeroFieldsSurviveARoundTrip() throws FrameFormatException {
        FrameHeader sent = new FrameHeader(FrameType.DRAIN, 0, 0, 0L, 0);

        assertEquals(sent, roundTrip(sent));
    }

    @Test
    void sessionIdWithTheTopBitSetKeepsItsReactorThreadAndSequence() throws FrameFormatException {
        long session = SessionId.of(63, 5, 4095, 123_456_789L);
        assertTrue(session < 0, "a reactor id of 32 or more makes the signed long negative");

        FrameHeader received = roundTrip(new FrameHeader(FrameType.DATA, 0, 0, session, 0));

        assertEquals(session, received.sessionId());
        assertEquals(63, SessionId.reactor(received.sessionId()));
        assertEquals(5, SessionId.thread(received.sessionId()));
        assertEquals(4095, SessionId.generation(received.sessionId()));
        assertEquals(123_456_789L, SessionId.sequence(received.sessionId()));
    }

    @Test
    void readAdvancesPastTheHeaderOnlyAndIgnoresTheReservedField() throws FrameFormatException {
        byte[] bytes = HEX.parseHex("d50e" + "01" + "01" + "0003" + "ffff" + "00000002" + "0000000000000009" + "00000004" + "6869");
        ByteBuffer in = ByteBuffer.wrap(bytes);

        FrameHeader header = FrameHeader.readFrom(in, MAX_PAYLOAD);

        assertEquals(new FrameHeader(FrameType.DATA, 3, 2, 9L, 4), header);
        assertEquals(FrameHeader.SIZE, in.position());
    }

    @Test
    void acceptsALengthOfExactlyMaxPayload() throws FrameFormatException {
        assertEquals(MAX_PAYLOAD, FrameHeader.readFrom(headerBytes(0xD50E, 1, 1, MAX_PAYLOAD), MAX_PAYLOAD).length());
    }

    @Test
    void rejectsBadMagicNamingIt() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50F, 1, 1, 0), MAX_PAYLOAD));

        assertTrue(e.getMessage().contains("0xd50f"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 127})
    void rejectsAnUnsupportedVersionNamingIt(int version) {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50E, version, 1, 0), MAX_PAYLOAD));

        assertTrue(e.getMessage().contains("version " + version + " "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 255})
    void namesAVersionAbove127AsItsUnsignedValue(int version) {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50E, version, 1, 0), MAX_PAYLOAD));

        assertTrue(e.getMessage().contains("version " + version + " "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 24, 63, 64, 200, 255})
    void rejectsAnUnknownTypeCodeNamingIt(int code) {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50E, 1, code, 0), MAX_PAYLOAD));

        assertEquals("unknown frame type " + code, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void rejectsANegativeLengthNamingItAsUnsigned(int length) {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50E, 1, 1, length), MAX_PAYLOAD));

        assertTrue(e.getMessage().contains("length " + Integer.toUnsignedString(length) + " "), e.getMessage());
    }

    @Test
    void rejectsALengthOverMaxPayloadNamingItAndTheLimit() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameHeader.readFrom(headerBytes(0xD50E, 1, 1, MAX_PAYLOAD + 1), MAX_PAYLOAD));

        assertEquals("frame payload length 1048577 outside 0..1048576 (DATA)", e.getMessage());
    }

    private static FrameHeader roundTrip(FrameHeader sent) throws FrameFormatException {
        ByteBuffer buf = ByteBuffer.allocate(FrameHeader.SIZE);
        sent.writeTo(buf);
        buf.flip();
        return FrameHeader.readFrom(buf, MAX_PAYLOAD);
    }

    private static ByteBuffer headerBytes(int magic, int version, int typeCode, int length) {
        ByteBuffer buf = ByteBuffer.allocate(FrameHeader.SIZE);
        buf.putShort((short) magic).put((byte) version).put((byte) typeCode).putShort((short) 0).putShort((short) 0)
                .putInt(length).putLong(1L).putInt(0);
        return buf.flip();
    }
}
