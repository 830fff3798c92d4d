package drover.common.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a WebSocket connection's frames carry between reactor and workers (docs/FRAMES.md). A
 * message reaches a worker as a DATA frame whose payload starts with one mark byte: bit 7 set
 * (so it is never an HTTP packet, whose first byte is its kind, 1..4), bit 6 the message's finish,
 * bits 0..3 its opcode; then the message. A close status is u16 code, then the reason in UTF-8.
 */
public final class WebSocketWire {
    /** Bit 7 of a DATA payload's first byte: a WebSocket message rather than an HTTP packet. */
    public static final int MESSAGE_MARK = 0x80;
    /** Bit 6: the message's last fragment (always, unless fragments are passed through). */
    public static final int FINISH_MARK = 0x40;

    private WebSocketWire() {
    }

    /** The DATA payload of a message: the mark byte, then the payload. */
    public static byte[] message(int opcode, boolean finish, byte[] payload) {
        byte[] packet = new byte[payload.length + 1];
        packet[0] = (byte) (MESSAGE_MARK | (finish ? FINISH_MARK : 0) | (opcode & 0x0F));
        System.arraycopy(payload, 0, packet, 1, payload.length);
        return packet;
    }

    /** Whether a DATA payload is a WebSocket message. */
    public static boolean isMessage(byte[] packet) {
        return packet.length > 0 && (packet[0] & MESSAGE_MARK) != 0;
    }

    public static int opcode(byte[] packet) {
        return packet[0] & 0x0F;
    }

    public static boolean finish(byte[] packet) {
        return (packet[0] & FINISH_MARK) != 0;
    }

    /** A close status: u16 code, then the reason in UTF-8. */
    public static byte[] close(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }

    /** The code of a close status; 1005 (no status) when the payload is too short to hold one. */
    public static int closeCode(ByteBuffer payload) {
        return payload.remaining() >= 2 ? payload.getShort(payload.position()) & 0xFFFF : 1005;
    }

    public static String closeReason(ByteBuffer payload) {
        if (payload.remaining() <= 2) {
            return "";
        }
        ByteBuffer text = payload.duplicate();
        text.position(text.position() + 2);
        return StandardCharsets.UTF_8.decode(text).toString();
    }
}
