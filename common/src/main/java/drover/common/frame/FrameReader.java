package drover.common.frame;

import java.io.IOException;
import drover.common.buffer.GrowableBuffer;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Decodes frames from a byte stream that arrives in arbitrary pieces. Keeps a partial frame between
 * reads; one instance per link, used by one thread.
 *
 * <p>Allocates nothing per frame: every frame is handed to the sink in the same {@link FrameHeader}
 * and the same payload view of the read buffer, refilled for the next. A view's position is where
 * the payload starts in that buffer, not 0, so sinks read it relatively (get(), getInt(), a bulk get)
 * and copy whatever they keep past the call.
 */
public final class FrameReader {
    private static final int READ_CHUNK = 64 * 1024;

    private final int maxPayload;
    private final GrowableBuffer pending;
    private final FrameHeader header = FrameHeader.reusable();
    /** The payload view handed to sinks, and the buffer it views (the pending buffer changes as it grows). */
    private ByteBuffer payloadView;
    private ByteBuffer viewed;

    public FrameReader(int maxPayload) {
        this.maxPayload = maxPayload;
        // direct, so a read copies nothing through the JDK's temporary buffer; room for a whole chunk of a
        // large payload (the buffer doubles past it) is kept, so a link that carries them does not
        // allocate a megabyte per chunk
        int chunkFrame = FrameHeader.SIZE + Math.min(maxPayload, Integer.BYTES + FrameHeader.MAX_CHUNK);
        this.pending = GrowableBuffer.direct(READ_CHUNK, 2 * chunkFrame);
    }

    /** Reads what the channel has (up to a chunk) and decodes every complete frame. Returns -1 on EOF. */
    public int readFrom(ReadableByteChannel channel, FrameSink sink) throws IOException, FrameFormatException {
        int n = channel.read(pending.room(READ_CHUNK));
        if (n > 0) {
            drain(sink);
        }
        return n;
    }

    /** Copies bytes in and decodes every complete frame. */
    public void feed(ByteBuffer src, FrameSink sink) throws FrameFormatException {
        pending.room(src.remaining()).put(src);
        drain(sink);
    }

    /** Bytes held that do not yet make a whole frame. */
    int buffered() {
        return pending.buffer().position();
    }

    private void drain(FrameSink sink) throws FrameFormatException {
        ByteBuffer buf = pending.buffer();
        buf.flip();
        try {
            while (buf.remaining() >= FrameHeader.SIZE) {
                int start = buf.position();
                header.readInto(buf, maxPayload);
                if (buf.remaining() < header.length()) {
                    buf.position(start);
                    break;
                }
                int payloadStart = buf.position();
                int end = payloadStart + header.length();
                buf.position(end);
                sink.onFrame(header, viewOf(buf, payloadStart, end));
            }
        } finally {
            GrowableBuffer.compactUnlessUnread(buf);
            pending.shrinkIfEmpty();
            ensureRoomForNextFrame();
        }
    }

    private ByteBuffer viewOf(ByteBuffer buf, int from, int to) {
        if (viewed != buf) {
            viewed = buf;
            payloadView = buf.duplicate();
        }
        payloadView.limit(to).position(from);
        return payloadView;
    }

    /** Grows the buffer now when a known partial frame cannot fit, so the next read has room for all of it. */
    private void ensureRoomForNextFrame() {
        ByteBuffer buf = pending.buffer();
        if (buf.position() >= FrameHeader.SIZE) {
            int length = buf.getInt(8);
            if (length >= 0 && length <= maxPayload) {
                int missing = FrameHeader.SIZE + length - buf.position();
                if (missing > 0) {
                    pending.room(missing);
                }
            }
        }
    }
}
