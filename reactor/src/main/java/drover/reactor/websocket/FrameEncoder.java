package drover.reactor.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes server frames (RFC 6455 section 5.2): never masked, lengths in the shortest form. */
public final class FrameEncoder {
    static final int MAX_CONTROL_PAYLOAD = 125;

    private FrameEncoder() {
    }

    /** Bytes of the header in front of a payload of this length: 2, 4 or 10. */
    public static int headerLength(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** One frame as a new buffer ready to read. rsv1 marks a compressed message's first frame (RFC 7692). */
    public static ByteBuffer encode(Opcode opcode, boolean fin, boolean rsv1, byte[] payload, int offset, int length) {
        if (opcode.isControl() && (length > MAX_CONTROL_PAYLOAD || !fin)) {
            throw new IllegalArgumentException(opcode + " frame of " + length + " bytes" + (fin ? "" : " without FIN")
                    + ": a control frame carries at most " + MAX_CONTROL_PAYLOAD + " bytes and is never fragmented");
        }
        ByteBuffer frame = ByteBuffer.allocate(headerLength(length) + length);
        writeHeader(frame, opcode, fin, rsv1, length);
        frame.put(payload, offset, length);
        return frame.flip();
    }

    public static ByteBuffer encode(Opcode opcode, byte[] payload) {
        return encode(opcode, true, false, payload, 0, payload.length);
    }

    /** A close frame with the code and a reason cut to fit the 123 bytes left after the code, on a character boundary. */
    public static ByteBuffer encodeClose(int code, String reason) {
        byte[] text = fitReason(reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return encode(Opcode.CLOSE, payload);
    }

    static void writeHeader(ByteBuffer out, Opcode opcode, boolean fin, boolean rsv1, long length) {
        out.put((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.code()));
        if (length <= 125) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
    }

    static byte[] fitReason(String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int limit = MAX_CONTROL_PAYLOAD - 2;
        if (text.length <= limit) {
            return text;
        }
        int end = limit;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;    // do not cut a character: the peer would fail the close with 1007
        }
        byte[] cut = new byte[end];
        System.arraycopy(text, 0, cut, 0, end);
        return cut;
    }
}
