package drover.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP packets in the encoding {@link HttpPacketDecoder} reads (docs/HTTP.md, "Wire
 * encoding"). The reactor's parser writes a request piece by piece with the primitives here,
 * straight from its input buffer; {@link #request} writes a whole message at once (tests, tools).
 */
public final class HttpPacketEncoder {
    public static final int FLAG_KEEP_ALIVE = 1;
    public static final int FLAG_HTTP_1_0 = 2;
    /** Field counts are written as u16; the parser refuses a request with more fields. */
    public static final int MAX_FIELDS = 0xFFFF;
    /** The most bytes {@link #putVarint} writes. */
    public static final int MAX_VARINT_SIZE = 5;

    private HttpPacketEncoder() {
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first, the high bit set on every byte but the last. */
    public static void putVarint(ByteBuffer out, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value " + value + " is negative");
        }
        while (value >= 0x80) {
            out.put((byte) (value | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** A length-prefixed field copied from src[from, from + length) (absolute: src's position is left alone). */
    public static void putField(ByteBuffer out, ByteBuffer src, int from, int length) {
        putVarint(out, length);
        out.put(out.position(), src, from, length);
        out.position(out.position() + length);
    }

    /** A length-prefixed field of one byte per char; every char must be below 256. */
    public static void putField(ByteBuffer out, String latin1) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        putVarint(out, bytes.length);
        out.put(bytes);
    }

    public static int flags(HttpVersion version, boolean keepAlive) {
        return (keepAlive ? FLAG_KEEP_ALIVE : 0) | (version == HttpVersion.HTTP_1_0 ? FLAG_HTTP_1_0 : 0);
    }

    public static byte[] request(HttpRequestMessage message) {
        ByteBuffer out = ByteBuffer.allocate(sizeBound(message));
        out.put((byte) HttpPacketKind.REQUEST.code());
        out.put((byte) flags(message.version(), message.keepAlive()));
        putField(out, message.method());
        putField(out, message.path());
        putField(out, message.query());
        putFields(out, message.headers());
        out.putInt(message.body().length);
        out.put(message.body());
        putFields(out, message.trailers());
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    public static byte[] continueOwed() {
        return new byte[] {(byte) HttpPacketKind.CONTINUE.code()};
    }

    public static byte[] inputEnded() {
        return new byte[] {(byte) HttpPacketKind.END.code()};
    }

    public static byte[] reject(HttpStatus status, String why) {
        byte[] text = why.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + text.length)
                .put((byte) HttpPacketKind.REJECT.code()).putShort((short) status.code()).put(text).array();
    }

    private static void putFields(ByteBuffer out, HttpHeaders fields) {
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(fields.size() + " fields exceed the encoding's " + MAX_FIELDS);
        }
        out.putShort((short) fields.size());
        for (int i = 0; i < fields.size(); i++) {
            putField(out, fields.name(i));
            putField(out, fields.value(i));
        }
    }

    private static int sizeBound(HttpRequestMessage message) {
        long size = 2 + 3L * MAX_VARINT_SIZE + message.method().length() + message.path().length()
                + message.query().length() + 4 + message.body().length
                + fieldsBound(message.headers()) + fieldsBound(message.trailers());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("request of " + size + " bytes is too large to encode");
        }
        return (int) size;
    }

    private static long fieldsBound(HttpHeaders fields) {
        long size = 2;
        for (int i = 0; i < fields.size(); i++) {
            size += 2L * MAX_VARINT_SIZE + fields.name(i).length() + fields.value(i).length();
        }
        return size;
    }
}
