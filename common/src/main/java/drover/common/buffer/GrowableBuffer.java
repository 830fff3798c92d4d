package drover.common.buffer;

import java.nio.ByteBuffer;

/** A buffer in fill mode that grows on demand and shrinks back when emptied. */
public final class GrowableBuffer {
    private final int initialCapacity;
    /** An emptied buffer up to this size is kept: a link that carries 1 MiB chunks would otherwise reallocate per chunk. */
    private final int retainedCapacity;
    /** Direct up to the retained size (see {@link #direct}); on the heap always, or beyond it. */
    private final boolean direct;
    private ByteBuffer buf;

    /** On the heap; an emptied buffer above 4x the initial size shrinks back. */
    public GrowableBuffer(int initialCapacity) {
        this(initialCapacity, 4 * initialCapacity, false);
    }

    private GrowableBuffer(int initialCapacity, int retainedCapacity, boolean direct) {
        this.initialCapacity = initialCapacity;
        this.retainedCapacity = Math.max(initialCapacity, retainedCapacity);
        this.direct = direct;
        this.buf = allocate(initialCapacity);
    }

    /**
     * Direct memory up to {@code retainedCapacity}, kept once grown: a channel reads into it with no
     * copy through the JDK's temporary direct buffer. Anything larger (a whole frame of many
     * megabytes) is a heap buffer released when emptied, so direct memory stays bounded.
     */
    public static GrowableBuffer direct(int initialCapacity, int retainedCapacity) {
        return new GrowableBuffer(initialCapacity, retainedCapacity, true);
    }

    private ByteBuffer allocate(int capacity) {
        return direct && capacity <= retainedCapacity ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** The buffer in fill mode with at least {@code free} bytes of room. */
    public ByteBuffer room(int free) {
        if (buf.remaining() < free) {
            long needed = (long) buf.position() + free;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer would exceed 2 GiB: " + needed + " bytes");
            }
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.capacity()));
            ByteBuffer bigger = allocate(capacity);
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
        if (buf.position() == 0 && buf.capacity() > retainedCapacity) {
            buf = allocate(initialCapacity);
        }
    }
}
