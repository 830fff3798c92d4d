package drover.common.link;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.payload.PayloadLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket stand-in with a send buffer of {@code room} bytes: writes stop when it is full, and
 * {@link #deliver()} hands what it holds to a reader and a LinkInput, as the peer's read would.
 */
final class LoopbackChannel implements WritableByteChannel {
    private final ByteBuffer buffer;
    private final FrameReader reader;
    final LinkInput input;
    final List<Received> received = new ArrayList<>();
    /** For each received payload, whether the sink got it as a direct buffer (in place in a ring, or pooled). */
    final List<Boolean> direct = new ArrayList<>();
    /** Every frame header that crossed, chunks included, in order. */
    final List<FrameHeader> wire = new ArrayList<>();

    record Received(FrameHeader header, byte[] payload) {
    }

    LoopbackChannel(int room, PayloadLimits limits) {
        this(room, limits, null);
    }

    LoopbackChannel(int room, PayloadLimits limits, drover.common.payload.PayloadStore store) {
        this(room, limits, store, null);
    }

    /** With a pool, the input's sink lets go of each payload on return, so a ring's payload comes in place. */
    LoopbackChannel(int room, PayloadLimits limits, drover.common.payload.PayloadStore store, drover.common.buffer.BufferPool pool) {
        this.buffer = ByteBuffer.allocate(room);
        this.reader = new FrameReader(limits.maxFramePayload());
        this.input = new LinkInput(limits, store, pool, (h, p) -> {
            direct.add(p.isDirect());
            received.add(new Received(h.copy(), LinkInput.bytes(p)));
        });
    }

    @Override
    public int write(ByteBuffer src) {
        int n = Math.min(buffer.remaining(), src.remaining());
        buffer.put(src.slice(src.position(), n));
        src.position(src.position() + n);
        return n;
    }

    /** The peer reads everything waiting. */
    void deliver() throws FrameFormatException {
        buffer.flip();
        try {
            reader.feed(buffer, (h, p) -> {
                wire.add(h.copy()); // the reader reuses its header
                input.onFrame(h, p);
            });
        } finally {
            buffer.clear();
        }
    }

    /** Flushes and delivers until the output is empty. */
    void pumpAll(LinkOutput out) throws IOException, FrameFormatException {
        int rounds = 0;
        while (!out.flushTo(this)) {
            deliver();
            if (++rounds > 1_000_000) {
                throw new AssertionError("output never drained");
            }
        }
        deliver();
    }

    LinkInput input() {
        return input;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() throws IOException {
    }
}
