package drover.common.frame;

import java.nio.ByteBuffer;

/**
 * The fixed 24-byte header in front of every frame, big-endian:
 * magic u16 | version u8 | type u8 | flags u16 | reserved u16 | length u32 | session u64 | worker u32.
 *
 * <p>A value class, but not a record: {@link FrameReader} decodes every frame of a link into one
 * instance it keeps, so reading a frame allocates nothing. A header handed to a {@link FrameSink} is
 * therefore only valid during the call, like its payload; {@link #copy()} it to keep it.
 */
public final class FrameHeader {
    public static final int SIZE = 24;
    static final short MAGIC = (short) 0xD50E;
    static final byte VERSION = 1;
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

    private FrameType type;
    private int flags;
    private int length;
    private long sessionId;
    private int workerId;

    public FrameHeader(FrameType type, int flags, int length, long sessionId, int workerId) {
        set(type, flags, length, sessionId, workerId);
    }

    /** An empty header for a reader (or a sink that hands on frames) to fill again and again. */
    public static FrameHeader reusable() {
        return new FrameHeader(FrameType.DATA, 0, 0, 0, 0);
    }

    /** Overwrites every field: for the owner of a reusable header only. */
    public FrameHeader set(FrameType type, int flags, int length, long sessionId, int workerId) {
        this.type = type;
        this.flags = flags;
        this.length = length;
        this.sessionId = sessionId;
        this.workerId = workerId;
        return this;
    }

    /** A header of its own, for a sink that keeps it past the call it was given in. */
    public FrameHeader copy() {
        return new FrameHeader(type, flags, length, sessionId, workerId);
    }

    public FrameType type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public int length() {
        return length;
    }

    public long sessionId() {
        return sessionId;
    }

    public int workerId() {
        return workerId;
    }

    void writeTo(ByteBuffer out) {
        write(out, type, flags, length, sessionId, workerId);
    }

    /** Writes a header without a FrameHeader object: the hot path uses this. */
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
     * Reads a header at the buffer's position (advancing it by SIZE) into a new object. Checks magic,
     * version, type and 0 <= length <= maxPayload before the caller allocates anything for the payload.
     */
    public static FrameHeader readFrom(ByteBuffer in, int maxPayload) throws FrameFormatException {
        return reusable().readInto(in, maxPayload);
    }

    /**
     * As {@link #readFrom}, into this header. On a malformed header it throws and this header's fields
     * are left as they were.
     */
    FrameHeader readInto(ByteBuffer in, int maxPayload) throws FrameFormatException {
        short magic = in.getShort();
        if (magic != MAGIC) {
            throw new FrameFormatException(String.format("bad frame magic 0x%04x (expected 0x%04x)", magic & 0xFFFF, MAGIC & 0xFFFF));
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new FrameFormatException("unsupported frame version " + version + " (this build speaks " + VERSION + ")");
        }
        int code = in.get() & 0xFF;
        FrameType frameType = FrameType.of(code);
        if (frameType == null) {
            throw new FrameFormatException("unknown frame type " + code);
        }
        int frameFlags = in.getShort() & 0xFFFF;
        in.getShort(); // reserved
        int frameLength = in.getInt();
        if (frameLength < 0 || frameLength > maxPayload) {
            throw new FrameFormatException("frame payload length " + Integer.toUnsignedString(frameLength)
                    + " outside 0.." + maxPayload + " (" + frameType + ")");
        }
        long session = in.getLong();
        int worker = in.getInt();
        return set(frameType, frameFlags, frameLength, session, worker);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameHeader h && type == h.type && flags == h.flags && length == h.length
                && sessionId == h.sessionId && workerId == h.workerId;
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + flags) * 31 + length) * 31 + Long.hashCode(sessionId) * 31 + workerId;
    }

    @Override
    public String toString() {
        return "FrameHeader[type=" + type + ", flags=" + flags + ", length=" + length + ", sessionId=" + sessionId
                + ", workerId=" + workerId + "]";
    }
}
