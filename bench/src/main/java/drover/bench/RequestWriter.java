package drover.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes one connection's requests. Requests that fit the buffer are packed into it, as many as the
 * pipeline allows, and go out in one write. A larger request is written one at a time, its head from
 * the buffer and its body straight from the template, in one gathering write: copying megabyte bodies
 * into the buffer first cost the load generator as much CPU as the kernel's own copy did.
 */
final class RequestWriter {
    static final int BUFFER_SIZE = 64 * 1024;

    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer body;
    private final int packetSize;
    /** Whether requests are larger than the buffer: their bodies go out from the template itself. */
    private final boolean bodyFromTemplate;
    /** The body of the large request under way, past its sequence number; empty when none is. */
    private final ByteBuffer templateBody;
    private final ByteBuffer[] headAndBody;
    /** Bytes of the current request already in the buffer; packetSize when none is under way. */
    private int packetOffset;

    RequestWriter(RequestTemplate template) {
        this.body = template.view();
        this.packetSize = template.packetSize();
        this.packetOffset = packetSize;
        this.bodyFromTemplate = packetSize > BUFFER_SIZE;
        this.templateBody = template.view();
        templateBody.position(templateBody.limit());
        this.headAndBody = new ByteBuffer[] {out, templateBody};
    }

    /** Moves request bytes into the buffer; starts new requests only when startNew and the pipeline has room. */
    void fill(InFlight inFlight, boolean startNew, long now) {
        if (bodyFromTemplate) {
            if (!hasOutput() && startNew && !inFlight.full()) {
                out.putInt(packetSize - RequestTemplate.LENGTH_FIELD).putLong(inFlight.start(now));
                templateBody.limit(templateBody.capacity()).position(RequestTemplate.SEQUENCE);
            }
            return;
        }
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
        return out.position() > 0 || templateBody.hasRemaining();
    }

    /** One write of what is ready; true when it all went. */
    boolean flushTo(GatheringByteChannel channel) throws IOException {
        out.flip();
        try {
            if (bodyFromTemplate) {
                channel.write(headAndBody);
            } else {
                channel.write(out);
            }
            return !out.hasRemaining() && !templateBody.hasRemaining();
        } finally {
            out.compact();
        }
    }

    /** Nothing buffered and no request half written. */
    boolean idle() {
        return !hasOutput() && packetOffset == packetSize;
    }

    void reset() {
        out.clear();
        templateBody.position(templateBody.limit());
        packetOffset = packetSize;
    }
}
