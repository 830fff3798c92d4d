package drover.common.frame;

import java.io.IOException;
import drover.common.buffer.GrowableBuffer;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Queues frames for one link and writes them without blocking. Frames appended during one loop turn
 * go out in a single write, which is what makes small frames cheap (ARCHITECTURE.md: ~40x).
 */
public final class FrameWriter {
    private final GrowableBuffer out;
    /** Bytes at the head of the buffer that finish a frame whose start was already written. */
    private int partialTail;

    public FrameWriter(int initialCapacity) {
        this.out = new GrowableBuffer(initialCapacity);
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

    public void append(FrameType type, long sessionId, int workerId, byte[] payload) {
        append(type, 0, sessionId, workerId, payload, 0, payload.length);
    }

    /** Writes as much as the channel takes now. Returns true when nothing is left. */
    public boolean flushTo(WritableByteChannel channel) throws IOException {
        ByteBuffer buf = out.buffer();
        if (buf.position() == 0) {
            return true;
        }
        buf.flip();
        int written = 0;
        try {
            while (buf.hasRemaining()) {
                int n = channel.write(buf);
                if (n == 0) {
                    break;
                }
                written += n;
            }
        } finally {
            trackPartialFrame(buf, written);
            buf.compact();
            out.shrinkIfEmpty();
        }
        return out.buffer().position() == 0;
    }

    /**
     * The peer went away: drops the rest of a frame it got only part of, so that what is still
     * queued starts on a frame boundary and can go to the next peer.
     */
    public void discardPartialFrame() {
        if (partialTail > 0) {
            ByteBuffer buf = out.buffer();
            buf.flip();
            buf.position(partialTail);
            buf.compact();
            partialTail = 0;
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
        int read = 0;
        int write = 0;
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
        return dropped;
    }

    /** Whether a queued frame (whole or cut) has any of the flag bits. */
    public boolean holdsFramesFlagged(int flagMask) {
        ByteBuffer buf = out.buffer();
        int end = buf.position();
        int at = partialTail;
        if (partialTail > 0 && end > 0) {
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

    /** Walks the headers of what was just written (buffer in read mode, from 0) to find where a cut frame ends. */
    private void trackPartialFrame(ByteBuffer buf, int written) {
        if (written <= partialTail) {
            partialTail -= written;
            return;
        }
        int frameStart = partialTail;
        while (true) {
            int frameEnd = frameStart + FrameHeader.SIZE + buf.getInt(frameStart + 8);
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
        return out.buffer().position();
    }
}
