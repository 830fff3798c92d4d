package drover.common.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for large payloads that live only while one thread passes them on (the reactor's
 * copy of a client's large packet until its last chunk is written, a worker's large reply until it
 * is written to the client). Reusing them spares the allocation, the zeroing and the garbage
 * collection of a megabyte array per message, which cost more than the copies themselves. Sizes are
 * powers of two; a payload above the largest class gets a plain heap buffer that is not kept. Used
 * by one thread.
 */
public final class BufferPool {
    private final int smallestClass;
    private final int largestClass;
    private final long maxIdleBytes;
    private final ArrayDeque<ByteBuffer>[] idle;
    private long idleBytes;

    /**
     * @param smallestClass the size of the smallest class (a power of two)
     * @param largestClass the largest size pooled (a power of two); larger buffers are not kept
     * @param maxIdleBytes how much memory idle buffers may hold at most
     */
    @SuppressWarnings("unchecked")
    public BufferPool(int smallestClass, int largestClass, long maxIdleBytes) {
        if (Integer.bitCount(smallestClass) != 1 || Integer.bitCount(largestClass) != 1 || largestClass < smallestClass) {
            throw new IllegalArgumentException("classes must be powers of two, smallest <= largest: "
                    + smallestClass + ", " + largestClass);
        }
        this.smallestClass = smallestClass;
        this.largestClass = largestClass;
        this.maxIdleBytes = maxIdleBytes;
        int classes = Integer.numberOfTrailingZeros(largestClass) - Integer.numberOfTrailingZeros(smallestClass) + 1;
        this.idle = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            idle[i] = new ArrayDeque<>();
        }
    }

    /** A buffer with position 0 and limit {@code size}; hand it back with {@link #release} when done. */
    public ByteBuffer take(int size) {
        if (size > largestClass) {
            return ByteBuffer.allocate(size);
        }
        int index = classIndex(size);
        ByteBuffer buffer = idle[index].pollLast();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(smallestClass << index);
        } else {
            idleBytes -= buffer.capacity();
        }
        return buffer.clear().limit(size);
    }

    /** Takes a buffer back for reuse, unless the pool holds enough already. Its contents are garbage from now on. */
    public void release(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (!buffer.isDirect() || capacity > largestClass || capacity < smallestClass || Integer.bitCount(capacity) != 1
                || idleBytes + capacity > maxIdleBytes) {
            return; // a heap buffer of an unpooled size, or one too many: the collector takes it
        }
        idle[classIndex(capacity)].addLast(buffer);
        idleBytes += capacity;
    }

    /** Bytes held by idle buffers. */
    public long idleBytes() {
        return idleBytes;
    }

    private int classIndex(int size) {
        int rounded = size <= smallestClass ? smallestClass : Integer.highestOneBit(size - 1) << 1;
        return Integer.numberOfTrailingZeros(rounded) - Integer.numberOfTrailingZeros(smallestClass);
    }
}
