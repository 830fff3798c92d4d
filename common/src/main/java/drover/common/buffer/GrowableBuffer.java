package drover.common.buffer;

import java.nio.ByteBuffer;

/** A buffer in fill mode that grows on demand and shrinks back when emptied. */
public final class GrowableBuffer {
    private final BufferSizing sizing;
    private ByteBuffer buf;

    /** On the heap; an emptied buffer above 4x the initial size shrinks back. */
    public GrowableBuffer(int initialCapacity) {
        this(BufferSizing.heap(initialCapacity));
    }

    private GrowableBuffer(BufferSizing sizing) {
        this.sizing = sizing;
        this.buf = sizing.first();
    }

    /** Direct up to {@code retainedCapacity} and kept once grown; larger, on the heap (see {@link BufferSizing}). */
    public static GrowableBuffer direct(int initialCapacity, int retainedCapacity) {
        return new GrowableBuffer(new BufferSizing(initialCapacity, retainedCapacity, true));
    }

    /** The buffer in fill mode with at least {@code free} bytes of room. */
    public ByteBuffer room(int free) {
        if (buf.remaining() < free) {
            long needed = (long) buf.position() + free;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer would exceed 2 GiB: " + needed + " bytes");
            }
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.capacity()));
            ByteBuffer bigger = sizing.allocate(capacity);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /**
     * {@link ByteBuffer#compact()} for a buffer that was flipped to be read, without the copy when
     * nothing was read: a large partial packet or frame, waiting for more bytes, would otherwise be
     * copied onto itself after every read, which is quadratic in its size.
     */
    public static void compactUnlessUnread(ByteBuffer buffer) {
        if (buffer.position() == 0) {
            buffer.position(buffer.limit()).limit(buffer.capacity());
        } else {
            buffer.compact();
        }
    }

    /** After a compact: a buffer above the retained size that is now empty goes back to its first size, so a burst does not pin memory. */
    public void shrinkIfEmpty() {
        if (buf.position() == 0 && !sizing.keeps(buf.capacity())) {
            buf = sizing.first();
        }
    }
}
