package drover.common.frame;

import java.io.IOException;
import drover.common.buffer.OutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Queues frames for one link and writes them without blocking. Frames appended during one loop turn
 * go out in a single write, which is what makes small frames cheap: about 8 times the 64 B frames
 * per second of a write per frame (docs/ARCHITECTURE.md, "Links between processes").
 */
public final class FrameWriter {
    private final OutboundBuffer out;
    /** Bytes at the head of the buffer that finish a frame whose start was already written. */
    private int partialTail;

    public FrameWriter(int initialCapacity) {
        this.out = new OutboundBuffer(initialCapacity);
    }

    private FrameWriter(OutboundBuffer out) {
        this.out = out;
    }

    /** A link's writer: a direct buffer up to {@code retainedCapacity}, kept once grown (see OutboundBuffer). */
    public static FrameWriter direct(int initialCapacity, int retainedCapacity) {
        return new FrameWriter(OutboundBuffer.direct(initialCapacity, retainedCapacity));
    }

    public void append(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer buf = out.room(FrameHeader.SIZE + length);
        FrameHeader.write(buf, type, flags, length, sessionId, workerId);
        buf.put(payload);
    }

    public void append(FrameType type, int flags, long sessionId, int workerId, byte[] payload, int offset, int length) {
        ByteBuffer buf = out.room(FrameHeader.SIZE + length);
        FrameHeader.write(buf, type, flags, length, sessionId, workerId);
        buf.put(payload, offset, length);
    }

    /** A frame whose payload is a u32 prefix followed by the bytes (the first chunk of a large payload). */
    public void append(FrameType type, int flags, long sessionId, int workerId, int prefix, byte[] payload, int offset, int length) {
        ByteBuffer buf = out.room(FrameHeader.SIZE + Integer.BYTES + length);
        FrameHeader.write(buf, type, flags, Integer.BYTES + length, sessionId, workerId);
        buf.putInt(prefix);
        buf.put(payload, offset, length);
    }

    /** Copies {@code length} bytes of {@code payload} from its absolute index {@code offset}. */
    public void append(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload, int offset, int length) {
        ByteBuffer buf = out.room(FrameHeader.SIZE + length);
        FrameHeader.write(buf, type, flags, length, sessionId, workerId);
        buf.put(buf.position(), payload, offset, length).position(buf.position() + length);
    }

    /** The first chunk of a large payload from a buffer: a u32 prefix, then bytes at absolute {@code offset}. */
    public void append(FrameType type, int flags, long sessionId, int workerId, int prefix, ByteBuffer payload, int offset, int length) {
        ByteBuffer buf = out.room(FrameHeader.SIZE + Integer.BYTES + length);
        FrameHeader.write(buf, type, flags, Integer.BYTES + length, sessionId, workerId);
        buf.putInt(prefix);
        buf.put(buf.position(), payload, offset, length).position(buf.position() + length);
    }

    public void append(FrameType type, long sessionId, int workerId, byte[] payload) {
        append(type, 0, sessionId, workerId, payload, 0, payload.length);
    }

    /** Writes as much as the channel takes now. Returns true when nothing is left. */
    public boolean flushTo(WritableByteChannel channel) throws IOException {
        if (out.pending() == 0) {
            return true;
        }
        int start = out.readIndex();
        try {
            out.writeTo(channel);
        } finally { // what went before a failed write counts too
            trackPartialFrame(out.buffer(), start, out.readIndex() - start);
            out.releaseIfEmpty();
        }
        return out.pending() == 0;
    }

    /**
     * The peer went away: drops the rest of a frame it got only part of, so that what is still
     * queued starts on a frame boundary and can go to the next peer.
     */
    public void discardPartialFrame() {
        if (partialTail > 0) {
            out.skip(partialTail);
            partialTail = 0;
            out.releaseIfEmpty();
        }
    }

    /**
     * Drops every whole queued frame that has any of the flag bits (chunks of large payloads whose
     * start went to a peer that is gone). Call at a frame boundary, after {@link #discardPartialFrame()}.
     * Returns how many frames were dropped.
     */
    public int discardFramesFlagged(int flagMask) {
        if (partialTail != 0) {
            throw new IllegalStateException("not at a frame boundary: " + partialTail + " bytes of a cut frame queued");
        }
        ByteBuffer buf = out.buffer();
        int end = buf.position();
        int read = out.readIndex();
        int write = read;
        int dropped = 0;
        while (read < end) {
            int size = FrameHeader.SIZE + buf.getInt(read + 8);
            if ((buf.getShort(read + 4) & flagMask) != 0) {
                dropped++;
            } else {
                if (write != read) {
                    buf.put(write, buf, read, size);
                }
                write += size;
            }
            read += size;
        }
        buf.position(write);
        out.releaseIfEmpty();
        return dropped;
    }

    /** Whether a queued frame (whole or cut) has any of the flag bits. */
    public boolean holdsFramesFlagged(int flagMask) {
        ByteBuffer buf = out.buffer();
        int end = buf.position();
        int at = out.readIndex() + partialTail;
        if (partialTail > 0 && out.pending() > 0) {
            return true; // a cut frame's header is gone; assume the worst
        }
        while (at < end) {
            if ((buf.getShort(at + 4) & flagMask) != 0) {
                return true;
            }
            at += FrameHeader.SIZE + buf.getInt(at + 8);
        }
        return false;
    }

    /** Walks the headers of what was just written (from {@code start}, absolute) to find where a cut frame ends. */
    private void trackPartialFrame(ByteBuffer buf, int start, int written) {
        if (written <= partialTail) {
            partialTail -= written;
            return;
        }
        int frameStart = partialTail;
        while (true) {
            int frameEnd = frameStart + FrameHeader.SIZE + buf.getInt(start + frameStart + 8);
            if (frameEnd > written) {
                partialTail = frameStart < written ? frameEnd - written : 0;
                return;
            }
            frameStart = frameEnd;
            if (frameStart == written) {
                partialTail = 0;
                return;
            }
        }
    }

    /** True when no frame has been cut by a partial write, so the next byte starts a frame. */
    public boolean atFrameBoundary() {
        return partialTail == 0;
    }

    /** Bytes appended and not yet written. */
    public int pending() {
        return out.pending();
    }
}
