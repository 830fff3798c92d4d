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
