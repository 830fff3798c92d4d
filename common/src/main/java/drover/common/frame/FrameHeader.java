package drover.common.frame;

import java.nio.ByteBuffer;

/**
 * The fixed 24-byte header in front of every frame, big-endian:
 * magic u16 | version u8 | type u8 | flags u16 | reserved u16 | length u32 | session u64 | worker u32.
 */
public record FrameHeader(FrameType type, int flags, int length, long sessionId, int workerId) {
    public static final int SIZE = 24;
    public static final short MAGIC = (short) 0xD50E;
    public static final byte VERSION = 1;
    /**
     * Flag on any type: this frame carries one chunk (at most {@link #MAX_CHUNK} bytes) of a payload too
     * large to travel whole; the receiver joins the chunks and hands on one frame (docs/FRAMES.md).
     */
    public static final int CHUNK_FLAG = 0x8000;
    /** With {@link #CHUNK_FLAG}: the first chunk, whose payload starts with the whole payload's length, u32. */
    public static final int FIRST_CHUNK_FLAG = 0x4000;
    /** The flag bits the chunking layer owns; the rest belong to the frame type. */
    public static final int CHUNK_FLAGS = CHUNK_FLAG | FIRST_CHUNK_FLAG;
    /** The most payload bytes one chunk frame carries, length prefix included. */
    public static final int MAX_CHUNK = 1 << 20;

    public void writeTo(ByteBuffer out) {
        write(out, type, flags, length, sessionId, workerId);
    }

    /** Writes a header without allocating a record: the hot path uses this. */
    public static void write(ByteBuffer out, FrameType type, int flags, int length, long sessionId, int workerId) {
        out.putShort(MAGIC);
        out.put(VERSION);
        out.put((byte) type.code());
        out.putShort((short) flags);
        out.putShort((short) 0);
        out.putInt(length);
        out.putLong(sessionId);
        out.putInt(workerId);
    }

    /**
     * Reads a header at the buffer's position (advancing it by SIZE). Checks magic, version, type and
     * 0 <= length <= maxPayload before the caller allocates anything for the payload.
     */
    public static FrameHeader readFrom(ByteBuffer in, int maxPayload) throws FrameFormatException {
        short magic = in.getShort();
        if (magic != MAGIC) {
            throw new FrameFormatException(String.format("bad frame magic 0x%04x (expected 0x%04x)", magic & 0xFFFF, MAGIC & 0xFFFF));
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new FrameFormatException("unsupported frame version " + version + " (this build speaks " + VERSION + ")");
        }
        int code = in.get() & 0xFF;
        FrameType type = FrameType.of(code);
        if (type == null) {
            throw new FrameFormatException("unknown frame type " + code);
        }
        int flags = in.getShort() & 0xFFFF;
        in.getShort(); // reserved
        int length = in.getInt();
        if (length < 0 || length > maxPayload) {
            throw new FrameFormatException("frame payload length " + Integer.toUnsignedString(length)
                    + " outside 0.." + maxPayload + " (" + type + ")");
        }
        long session = in.getLong();
        int worker = in.getInt();
        return new FrameHeader(type, flags, length, session, worker);
    }
}
