package drover.common.http;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the packets {@link HttpPacketEncoder} writes; every length is checked against what is left. */
public final class HttpPacketDecoder {
    private HttpPacketDecoder() {
    }

    public static HttpPacket decode(byte[] packet) throws HttpPacketFormatException {
        return decode(ByteBuffer.wrap(packet));
    }

    /** Consumes in from its position to its limit. */
    public static HttpPacket decode(ByteBuffer in) throws HttpPacketFormatException {
        try {
            if (!in.hasRemaining()) {
                throw new HttpPacketFormatException("empty HTTP packet");
            }
            HttpPacket packet = switch (HttpPacketKind.of(in.get() & 0xFF)) {
                case REQUEST -> new HttpPacket.Request(request(in));
                case CONTINUE -> new HttpPacket.ContinueOwed();
                case REJECT -> rejected(in);
                case END -> new HttpPacket.InputEnded();
            };
            if (in.hasRemaining()) {
                throw new HttpPacketFormatException(in.remaining() + " bytes left over after the HTTP packet");
            }
            return packet;
        } catch (BufferUnderflowException e) {
            throw new HttpPacketFormatException("HTTP packet ends in the middle of a field");
        }
    }

    private static HttpRequestMessage request(ByteBuffer in) throws HttpPacketFormatException {
        int flags = in.get() & 0xFF;
        if ((flags & ~(HttpPacketEncoder.FLAG_KEEP_ALIVE | HttpPacketEncoder.FLAG_HTTP_1_0)) != 0) {
            throw new HttpPacketFormatException("unknown request flags 0x" + Integer.toHexString(flags));
        }
        String method = field(in);
        String path = field(in);
        String query = field(in);
        HttpHeaders headers = fields(in);
        int bodyLength = in.getInt();
        if (bodyLength < 0 || bodyLength > in.remaining()) {
            throw new HttpPacketFormatException("body length " + bodyLength + " exceeds the " + in.remaining()
                    + " bytes left in the packet");
        }
        byte[] body = new byte[bodyLength];
        in.get(body);
        HttpHeaders trailers = fields(in);
        HttpVersion version = (flags & HttpPacketEncoder.FLAG_HTTP_1_0) != 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        return new HttpRequestMessage(method, path, query, version, (flags & HttpPacketEncoder.FLAG_KEEP_ALIVE) != 0,
                headers, body, trailers);
    }

    private static HttpPacket.Rejected rejected(ByteBuffer in) throws HttpPacketFormatException {
        int code = in.getShort() & 0xFFFF;
        HttpStatus status;
        try {
            status = HttpStatus.of(code);
        } catch (IllegalArgumentException e) {
            throw new HttpPacketFormatException("rejection with status " + code + ", which Drover never produces");
        }
        String why = StandardCharsets.UTF_8.decode(in).toString();
        return new HttpPacket.Rejected(status, why);
    }

    private static HttpHeaders fields(ByteBuffer in) throws HttpPacketFormatException {
        int count = in.getShort() & 0xFFFF;
        HttpHeaders.Builder builder = new HttpHeaders.Builder(count);
        for (int i = 0; i < count; i++) {
            builder.add(field(in), field(in));
        }
        return builder.build();
    }

    private static String field(ByteBuffer in) throws HttpPacketFormatException {
        int length = varint(in);
        if (length > in.remaining()) {
            throw new HttpPacketFormatException("field length " + length + " exceeds the " + in.remaining()
                    + " bytes left in the packet");
        }
        if (in.hasArray()) { // the usual case: decode in place, no copy
            String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.ISO_8859_1);
            in.position(in.position() + length);
            return text;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static int varint(ByteBuffer in) throws HttpPacketFormatException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get() & 0xFF;
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0 || (shift == 28 && b > 0x07)) {
                    throw new HttpPacketFormatException("varint exceeds 2^31-1");
                }
                return value;
            }
        }
        throw new HttpPacketFormatException("varint longer than " + HttpPacketEncoder.MAX_VARINT_SIZE + " bytes");
    }
}
