package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.buffer.GrowableBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * One connection's input buffer: lent by its thread's pool (direct, kept in fill mode between
 * reads), grown for a packet announced larger than it, or, for a large packet whose worker is
 * known, space in that worker link's ring, so the packet is read there and sent without a copy.
 */
final class ClientInput {
    /** The first input buffer's size, and the smallest of the reactor thread's pool. */
    static final int INITIAL = 16 * 1024;
    /** An emptied input buffer this large goes back to the pool: thousands of idle clients must not each keep a megabyte. */
    private static final int SHRINK_FROM = 1 << 20;

    private final BufferPool buffers;
    private final ReactorCounters counters;
    private ByteBuffer buffer;
    /** The worker link whose ring {@link #buffer} is while a large packet is read straight into it; else null. */
    private WorkerLink lender;

    ClientInput(BufferPool buffers, ReactorCounters counters) {
        this.buffers = buffers;
        this.counters = counters;
        this.buffer = lend(INITIAL);
    }

    private ByteBuffer lend(int capacity) {
        ByteBuffer lent = buffers.take(capacity);
        return lent.limit(lent.capacity());
    }

    int readFrom(ReadableByteChannel channel) throws IOException {
        return channel.read(buffer);
    }

    /** The bytes read so far, in read mode, for the stack; give it back with {@link #compact}. */
    ByteBuffer unread() {
        return buffer.flip();
    }

    /** Back to fill mode, the bytes not consumed moved to the front; nothing once released. */
    void compact() {
        if (buffer != null) {
            GrowableBuffer.compactUnlessUnread(buffer);
        }
    }

    boolean isReleased() {
        return buffer == null;
    }

    /**
     * Whether a next packet of that size would not fit, so the connection should find the link it
     * goes to ({@link #makeRoom}).
     */
    boolean outgrownBy(int nextPacketSize) {
        return lender == null && nextPacketSize > buffer.capacity();
    }

    /**
     * After framing: room for the next packet. A packet read into a ring that went leaves a pooled
     * buffer for what follows; a packet announced larger than the buffer goes into ring's space when
     * given (and it has some), else into a larger buffer; a full buffer of a size not known doubles;
     * an emptied large one goes back to the pool.
     *
     * @param ring the link the next packet goes to when known, for a packet that outgrows the buffer; else null
     */
    void makeRoom(int nextPacketSize, WorkerLink ring) {
        if (lender != null) {
            if (buffer.position() == 0) { // the packet went: what follows is read into a pooled buffer
                release();
                buffer = lend(INITIAL);
            }
        } else if (nextPacketSize > buffer.capacity() && !readIntoRing(nextPacketSize, ring)) {
            moveTo(lend(nextPacketSize));
        } else if (!buffer.hasRemaining()) {
            moveTo(lend(buffer.capacity() * 2)); // raw framing with a full buffer, or a size not known yet
        } else if (buffer.position() == 0 && buffer.capacity() >= SHRINK_FROM) {
            // a large packet went through: its buffer goes back to the pool for the next one
            buffers.release(buffer);
            buffer = lend(INITIAL);
        }
    }

    /**
     * A large packet whose size is known (length framing) and whose worker is too is read straight
     * into that worker link's ring (large_payload=shm), sized to end where the packet ends, so no byte
     * of the next one lands there; the link then sends it without a copy. False when it cannot be.
     */
    private boolean readIntoRing(int packetSize, WorkerLink ring) {
        ByteBuffer space = ring == null ? null : ring.lendLarge(packetSize);
        if (space == null) {
            return false;
        }
        moveTo(space); // the packet's first bytes, from index 0 (the stack consumed what came before)
        lender = ring;
        counters.largeReadInPlace++;
        return true;
    }

    /** The unread bytes go to the front of another buffer, which becomes the input; the old one goes back to the pool. */
    private void moveTo(ByteBuffer next) {
        buffer.flip();
        next.put(buffer);
        buffers.release(buffer);
        buffer = next;
    }

    /** Gives the buffer back: a ring's space is freed (a packet cut short; nothing once sent). */
    void release() {
        if (buffer != null) {
            if (lender != null) {
                lender.giveBack(buffer);
                lender = null;
            } else {
                buffers.release(buffer);
            }
            buffer = null;
        }
    }
}
