package drover.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes one connection's requests: as many as the pipeline allows are packed into one buffer
 * and go out in one write; a body larger than the buffer streams through it in pieces.
 */
final class RequestWriter {
    static final int BUFFER_SIZE = 64 * 1024;

    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer body;
    private final int packetSize;
    /** Bytes of the current request already in the buffer; packetSize when none is under way. */
    private int packetOffset;

    RequestWriter(RequestTemplate template) {
        this.body = template.view();
        this.packetSize = template.packetSize();
        this.packetOffset = packetSize;
    }

    /** Moves request bytes into the buffer; starts new requests only when startNew and the pipeline has room. */
    void fill(InFlight inFlight, boolean startNew, long now) {
        while (out.hasRemaining()) {
            if (packetOffset == packetSize) {
                if (!startNew || inFlight.full() || out.remaining() < RequestTemplate.HEAD) {
                    return;
                }
                out.putInt(packetSize - RequestTemplate.LENGTH_FIELD).putLong(inFlight.start(now));
                packetOffset = RequestTemplate.HEAD;
                continue;
            }
            int bodyOffset = packetOffset - RequestTemplate.LENGTH_FIELD;
            int n = Math.min(out.remaining(), packetSize - packetOffset);
            out.put(out.position(), body, bodyOffset, n);
            out.position(out.position() + n);
            packetOffset += n;
        }
    }

    boolean hasOutput() {
        return out.position() > 0;
    }

    /** One write of what the buffer holds; true when it all went. */
    boolean flushTo(WritableByteChannel channel) throws IOException {
        out.flip();
        try {
            channel.write(out);
            return !out.hasRemaining();
        } finally {
            out.compact();
        }
    }

    /** Nothing buffered and no request half written. */
    boolean idle() {
        return out.position() == 0 && packetOffset == packetSize;
    }

    void reset() {
        out.clear();
        packetOffset = packetSize;
    }
}
