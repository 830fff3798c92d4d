package drover.reactor.http;

import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.common.http.HttpPacketFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an {@link HttpFramer} the way the reactor's ClientConnection does: one input buffer in
 * fill mode; each read puts bytes, flips, frames, compacts, and doubles the buffer when it is full.
 * Decodes every packet, so tests compare meanings, and keeps the raw bytes too.
 */
final class FramerDriver {
    static final int INITIAL_INPUT = 1024;

    final FakeClock clock = new FakeClock();
    final HttpFramer framer;
    final List<HttpPacket> packets = new ArrayList<>();
    final List<byte[]> rawPackets = new ArrayList<>();
    private ByteBuffer input = ByteBuffer.allocate(INITIAL_INPUT);

    FramerDriver(HttpLimits limits) {
        framer = new HttpFramer(limits, clock);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    FramerDriver read(String text) {
        return read(ascii(text));
    }

    /** One socket read; more bytes than the buffer holds are read in several rounds. */
    FramerDriver read(byte[] chunk) {
        int offset = 0;
        do {
            if (!input.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(input.capacity() * 2);
                input.flip();
                input = bigger.put(input);
            }
            int n = Math.min(input.remaining(), chunk.length - offset);
            input.put(chunk, offset, n);
            offset += n;
            input.flip();
            framer.frame(input, this::collect);
            input.compact();
        } while (offset < chunk.length);
        return this;
    }

    void collect(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        rawPackets.add(bytes);
        try {
            packets.add(HttpPacketDecoder.decode(bytes));
        } catch (HttpPacketFormatException e) {
            throw new AssertionError("the framer wrote a packet its decoder refuses: " + e.getMessage(), e);
        }
    }

    /** Bytes received but not yet consumed by the framer. */
    int pendingBytes() {
        return input.position();
    }

    int inputCapacity() {
        return input.capacity();
    }

    /** The only packet, which must be a rejection. */
    HttpPacket.Rejected rejection() {
        if (packets.isEmpty() || !(packets.getLast() instanceof HttpPacket.Rejected rejected)) {
            throw new AssertionError("expected a rejection as last packet, got " + packets);
        }
        return rejected;
    }

    /** A nanoTime source tests move by hand. */
    static final class FakeClock implements java.util.function.LongSupplier {
        long now = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }
    }
}
