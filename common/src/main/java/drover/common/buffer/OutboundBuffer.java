package drover.common.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Bytes waiting to be written to a channel: appended at the end, written from a read offset. A partial
 * write only moves the offset. The unwritten bytes are moved to the front only when room is needed and
 * the move costs no more than the bytes it frees (else the buffer grows), so each byte is copied a
 * bounded number of times: compacting after every partial write made a 64 MiB reply quadratic.
 */
public final class OutboundBuffer {
    private final BufferSizing sizing;
    /** In fill mode: position is where the next byte is appended. */
    private ByteBuffer buf;
    /** The same bytes, for writing from {@link #readIndex}. */
    private ByteBuffer view;
    private int readIndex;
    /** Bytes moved by compactions and growth; tests check it stays linear in what was appended. */
    private long copied;

    /** On the heap; an emptied buffer above 4x the initial size shrinks back. */
    public OutboundBuffer(int initialCapacity) {
        this(BufferSizing.heap(initialCapacity));
    }

    private OutboundBuffer(BufferSizing sizing) {
        this.sizing = sizing;
        this.buf = sizing.first();
        this.view = buf.duplicate();
    }

    /** Direct up to {@code retainedCapacity} and kept once grown; larger, on the heap (see {@link BufferSizing}). */
    public static OutboundBuffer direct(int initialCapacity, int retainedCapacity) {
        return new OutboundBuffer(new BufferSizing(initialCapacity, retainedCapacity, true));
    }

    /** The buffer in fill mode with at least {@code free} bytes of room after its position. */
    public ByteBuffer room(int free) {
        if (buf.remaining() >= free) {
            return buf;
        }
        int unread = pending();
        long needed = (long) unread + free;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("buffer would exceed 2 GiB: " + needed + " bytes");
        }
        if (needed <= buf.capacity() && readIndex >= unread) {
            moveUnreadTo(buf); // cheap: it copies no more than the written bytes it frees
        } else {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.capacity()));
            moveUnreadTo(sizing.allocate(capacity));
        }
        return buf;
    }

    private void moveUnreadTo(ByteBuffer target) {
        int unread = pending();
        target.put(0, buf, readIndex, unread); // absolute: safe when target is buf and the ranges overlap
        copied += unread;
        target.position(unread);
        buf = target;
        view = buf.duplicate();
        readIndex = 0;
    }

    /**
     * Writes from the read offset while the channel takes bytes; returns how many went. The bytes
     * written stay where they were until {@link #releaseIfEmpty()} or the next {@link #room}, so a
     * caller may still look at them (at {@code readIndex() - written}).
     */
    public int writeTo(WritableByteChannel channel) throws IOException {
        int written = 0;
        view.limit(buf.position()).position(readIndex);
        try {
            while (view.hasRemaining()) {
                int n = channel.write(view);
                if (n <= 0) {
                    break;
                }
                written += n;
            }
        } finally {
            readIndex = view.position();
        }
        return written;
    }

    /** Drops the next {@code n} unwritten bytes. */
    public void skip(int n) {
        if (n < 0 || n > pending()) {
            throw new IllegalArgumentException("cannot skip " + n + " of " + pending() + " pending bytes");
        }
        readIndex += n;
    }

    /**
     * When everything is written: starts again at the front, and a buffer above the retained size goes
     * back to its first size. A link keeps room for its largest chunk, or it would allocate and zero a
     * megabyte per chunk; a client connection (one of thousands) keeps little.
     */
    public void releaseIfEmpty() {
        if (pending() != 0) {
            return;
        }
        readIndex = 0;
        if (!sizing.keeps(buf.capacity())) {
            buf = sizing.first();
            view = buf.duplicate();
        } else {
            buf.clear();
        }
    }

    /** Index of the first unwritten byte in {@link #buffer()}; the last is at its position minus one. */
    public int readIndex() {
        return readIndex;
    }

    /** The backing buffer in fill mode, for reading queued bytes in place by absolute index. */
    public ByteBuffer buffer() {
        return buf;
    }

    public int pending() {
        return buf.position() - readIndex;
    }

    int capacity() {
        return buf.capacity();
    }

    long copied() {
        return copied;
    }
}
