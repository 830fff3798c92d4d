package drover.common.buffer;

import java.nio.ByteBuffer;

/**
 * How a growing buffer is allocated and when it shrinks back, shared by {@link GrowableBuffer} and
 * {@link OutboundBuffer}. A heap buffer emptied above 4x its first size shrinks back. A direct one
 * (a link's) is direct memory up to the retained size and kept once grown, so a channel reads and
 * writes it with no copy through the JDK's temporary direct buffer and a link that carries 1 MiB
 * chunks does not reallocate per chunk; anything larger (a whole frame of many megabytes) is a heap
 * buffer released when emptied, so direct memory stays bounded.
 */
record BufferSizing(int initialCapacity, int retainedCapacity, boolean direct) {
    BufferSizing {
        retainedCapacity = Math.max(initialCapacity, retainedCapacity);
    }

    static BufferSizing heap(int initialCapacity) {
        return new BufferSizing(initialCapacity, 4 * initialCapacity, false);
    }

    ByteBuffer first() {
        return allocate(initialCapacity);
    }

    ByteBuffer allocate(int capacity) {
        return direct && capacity <= retainedCapacity ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** Whether an emptied buffer of this capacity is kept rather than replaced by a first-size one. */
    boolean keeps(int capacity) {
        return capacity <= retainedCapacity;
    }
}
