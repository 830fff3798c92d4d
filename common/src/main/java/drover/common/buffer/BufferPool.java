package drover.common.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that live only while one thread passes bytes on (the reactor's client input, its
 * copy of a client's large packet until the last chunk is written, a worker's large reply until it
 * is written to the client). Reusing them spares the allocation, the zeroing and the garbage
 * collection of a megabyte array per message, which cost more than the copies themselves. Sizes are
 * powers of two. The pool allocates at most {@code maxDirectBytes} of direct memory and keeps all of
 * it: a direct buffer it let go would hold its memory until some later collection, which a thread
 * that no longer makes garbage may not see for a long time. Past that budget, or above the largest
 * class, it lends plain heap buffers and does not keep them. Used by one thread.
 */
public final class BufferPool {
    private final int smallestClass;
    private final int largestClass;
    private final long maxDirectBytes;
    private final ArrayDeque<ByteBuffer>[] idle;
    private long directBytes;
    private long idleBytes;
    private long heapLends;

    /**
     * @param smallestClass the size of the smallest class (a power of two)
     * @param largestClass the largest size pooled (a power of two); larger buffers are not kept
     * @param maxDirectBytes the most direct memory the pool allocates, lent and idle together
     */
    @SuppressWarnings("unchecked")
    public BufferPool(int smallestClass, int largestClass, long maxDirectBytes) {
        if (Integer.bitCount(smallestClass) != 1 || Integer.bitCount(largestClass) != 1 || largestClass < smallestClass) {
            throw new IllegalArgumentException("classes must be powers of two, smallest <= largest: "
                    + smallestClass + ", " + largestClass);
        }
        this.smallestClass = smallestClass;
        this.largestClass = largestClass;
        this.maxDirectBytes = maxDirectBytes;
        int classes = Integer.numberOfTrailingZeros(largestClass) - Integer.numberOfTrailingZeros(smallestClass) + 1;
        this.idle = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            idle[i] = new ArrayDeque<>();
        }
    }

    /** A buffer with position 0 and limit {@code size}; hand it back with {@link #release} when done. */
    public ByteBuffer take(int size) {
        if (size > largestClass) {
            heapLends++;
            return ByteBuffer.allocate(size);
        }
        int index = classIndex(size);
        int capacity = smallestClass << index;
        ByteBuffer buffer = idle[index].pollLast();
        if (buffer != null) {
            idleBytes -= capacity;
        } else if (directBytes + capacity <= maxDirectBytes) {
            buffer = ByteBuffer.allocateDirect(capacity);
            directBytes += capacity;
        } else {
            heapLends++;
            return ByteBuffer.allocate(size); // over budget: the heap and its collector take the excess
        }
        return buffer.clear().limit(size);
    }

    /**
     * Takes back a buffer this pool lent, exactly once; its contents are garbage from now on. A heap
     * buffer is left to the collector.
     */
    public void release(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return;
        }
        int capacity = buffer.capacity();
        if (capacity > largestClass || capacity < smallestClass || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("a direct buffer of " + capacity + " bytes is not one of this pool's");
        }
        idle[classIndex(capacity)].addLast(buffer);
        idleBytes += capacity;
    }

    /** Bytes held by idle buffers. */
    public long idleBytes() {
        return idleBytes;
    }

    /** Direct memory allocated so far, lent and idle: never more than the budget. */
    public long directBytes() {
        return directBytes;
    }

    /** How many heap buffers were lent: over the budget, or above the largest class. */
    public long heapLends() {
        return heapLends;
    }

    private int classIndex(int size) {
        int rounded = size <= smallestClass ? smallestClass : Integer.highestOneBit(size - 1) << 1;
        return Integer.numberOfTrailingZeros(rounded) - Integer.numberOfTrailingZeros(smallestClass);
    }
}
