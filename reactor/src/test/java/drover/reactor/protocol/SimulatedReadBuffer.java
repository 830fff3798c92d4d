package drover.reactor.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a framer the way the reactor does: one per-connection buffer in fill mode; each read puts
 * bytes, flips, frames, compacts, and grows the buffer when the framer announces a packet larger
 * than the buffer's capacity.
 */
final class SimulatedReadBuffer {
    private final PacketFramer framer;
    private final boolean growsWhenFull;
    private final List<byte[]> packets = new ArrayList<>();
    private final List<Integer> announcedSizes = new ArrayList<>();
    private ByteBuffer buffer;
    private int growCount;

    SimulatedReadBuffer(PacketFramer framer, int initialCapacity) {
        this(framer, initialCapacity, false);
    }

    /** growsWhenFull: double a full buffer, as the reactor does for framers that cannot announce a size (EOF). */
    SimulatedReadBuffer(PacketFramer framer, int initialCapacity, boolean growsWhenFull) {
        this.growsWhenFull = growsWhenFull;
        this.framer = framer;
        this.buffer = ByteBuffer.allocate(initialCapacity);
    }

    /** Delivers the chunks as consecutive socket reads, each possibly larger than the free space. */
    SimulatedReadBuffer feed(List<byte[]> chunks) throws PacketFormatException {
        for (byte[] chunk : chunks) {
            read(chunk);
        }
        return this;
    }

    /** One socket read; a chunk that does not fit is read in several rounds, as a real socket would. */
    SimulatedReadBuffer read(byte[] chunk) throws PacketFormatException {
        int offset = 0;
        do {
            int n = Math.min(buffer.remaining(), chunk.length - offset);
            buffer.put(chunk, offset, n);
            offset += n;
            frameOnce();
            if (offset < chunk.length && !buffer.hasRemaining()) {
                throw new AssertionError("read buffer of " + buffer.capacity()
                        + " bytes is full and the framer consumed nothing and announced no larger packet");
            }
        } while (offset < chunk.length);
        return this;
    }

    private void frameOnce() throws PacketFormatException {
        buffer.flip();
        int nextSize = framer.frame(buffer, packet -> packets.add(copyOf(packet)));
        buffer.compact();
        if (nextSize > 0) {
            announcedSizes.add(nextSize);
        }
        // as ClientConnection: grow to an announced size, or double a full buffer whose next size is unknown
        int grown = nextSize > buffer.capacity() ? nextSize
                : nextSize == 0 && !buffer.hasRemaining() && growsWhenFull ? buffer.capacity() * 2 : 0;
        if (grown > 0) {
            ByteBuffer larger = ByteBuffer.allocate(grown);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
            growCount++;
        }
    }

    private static byte[] copyOf(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return bytes;
    }

    List<byte[]> packets() {
        return packets;
    }

    /** Every non-zero return value of frame(), in order. */
    List<Integer> announcedSizes() {
        return announcedSizes;
    }

    /** Bytes received but not yet part of a complete packet. */
    int pendingBytes() {
        return buffer.position();
    }

    int growCount() {
        return growCount;
    }
}
