package drover.common.frame;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A frame as a FrameSink saw it, with the payload copied out (the sink's buffer is only valid during the call). */
record DecodedFrame(FrameType type, int flags, int length, long sessionId, int workerId, byte[] payload) {

    static DecodedFrame of(FrameHeader header, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return new DecodedFrame(header.type(), header.flags(), header.length(), header.sessionId(), header.workerId(), bytes);
    }

    /** A frame whose payload is {@code size} bytes of a pattern that differs per seed, so swapped payloads show. */
    static DecodedFrame sample(FrameType type, int flags, long sessionId, int workerId, int size, int seed) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return new DecodedFrame(type, flags, size, sessionId, workerId, payload);
    }

    /** The wire bytes, written out field by field as docs/FRAMES.md describes them (not with FrameHeader). */
    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(24 + payload.length);
        out.put((byte) 0xD5).put((byte) 0x0E);
        out.put((byte) 1);
        out.put((byte) type.code());
        out.put((byte) (flags >>> 8)).put((byte) flags);
        out.put((byte) 0).put((byte) 0);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.put((byte) (length >>> shift));
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.put((byte) (sessionId >>> shift));
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.put((byte) (workerId >>> shift));
        }
        out.put(payload);
        return out.array();
    }

    static byte[] encodeAll(Iterable<DecodedFrame> frames) {
        ByteBuffer out = ByteBuffer.allocate(totalSize(frames));
        for (DecodedFrame f : frames) {
            out.put(f.encode());
        }
        return out.array();
    }

    static int totalSize(Iterable<DecodedFrame> frames) {
        int size = 0;
        for (DecodedFrame f : frames) {
            size += 24 + f.payload.length;
        }
        return size;
    }

    void appendTo(FrameWriter writer) {
        writer.append(type, flags, sessionId, workerId, payload, 0, payload.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecodedFrame f && type == f.type && flags == f.flags && length == f.length
                && sessionId == f.sessionId && workerId == f.workerId && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + Long.hashCode(sessionId) + type.hashCode();
    }

    @Override
    public String toString() {
        return type + " flags=" + flags + " length=" + length + " session=" + Long.toUnsignedString(sessionId)
                + " worker=" + Integer.toUnsignedString(workerId) + " payload#" + Arrays.hashCode(payload);
    }
}
