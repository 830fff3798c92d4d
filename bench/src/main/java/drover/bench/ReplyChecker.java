package drover.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads one connection's replies and checks each byte for byte against the request it answers:
 * the length field, a sequence number that is owed, then the template's pattern. A large reply is
 * checked piece by piece as it arrives, so nothing is buffered whole.
 */
final class ReplyChecker {
    static final int BUFFER_SIZE = 64 * 1024;

    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer inView = in.duplicate();
    private final ByteBuffer head = ByteBuffer.allocate(RequestTemplate.HEAD);
    private final ByteBuffer body;
    private final int bodySize;
    /** Offset in the body of the reply being checked; -1 while its head is still arriving. */
    private int bodyOffset = -1;
    private long seq;
    private boolean lastReadFilled;

    ReplyChecker(RequestTemplate template) {
        this.body = template.view();
        this.bodySize = template.bodySize();
    }

    int readFrom(ReadableByteChannel channel) throws IOException {
        int n = channel.read(in);
        lastReadFilled = !in.hasRemaining();
        return n;
    }

    /** Whether the last read filled the buffer, so the socket may hold more. */
    boolean lastReadFilledBuffer() {
        return lastReadFilled;
    }

    /** Checks every byte read so far; returns null, or why a reply is wrong (then the stream is not to be trusted). */
    String check(InFlight inFlight, ReplyStats stats, LoadErrors errors, long now) {
        in.flip();
        try {
            while (in.hasRemaining()) {
                String problem = bodyOffset < 0 ? takeHead(inFlight) : compareBody();
                if (problem != null) {
                    return problem;
                }
                if (bodyOffset == bodySize) {
                    if (seq != inFlight.oldest()) {
                        errors.outOfOrder.increment();
                    }
                    stats.record(inFlight.answer(seq, now));
                    bodyOffset = -1;
                }
            }
            return null;
        } finally {
            in.compact();
        }
    }

    private String takeHead(InFlight inFlight) {
        int n = Math.min(head.remaining(), in.remaining());
        head.put(head.position(), in, in.position(), n);
        head.position(head.position() + n);
        in.position(in.position() + n);
        if (head.hasRemaining()) {
            return null;
        }
        int length = head.getInt(0);
        seq = head.getLong(RequestTemplate.LENGTH_FIELD);
        head.clear();
        if (length != bodySize) {
            return "reply declares " + Integer.toUnsignedString(length) + " body bytes, the request had " + bodySize;
        }
        if (!inFlight.owes(seq)) {
            return "reply carries sequence number " + seq + ", which is not owed (owed from " + inFlight.oldest() + ")";
        }
        bodyOffset = RequestTemplate.SEQUENCE;
        return null;
    }

    private String compareBody() {
        int n = Math.min(in.remaining(), bodySize - bodyOffset);
        int at = in.position();
        inView.clear().position(at).limit(at + n);
        body.clear().position(bodyOffset).limit(bodyOffset + n);
        int mismatch = inView.mismatch(body);
        if (mismatch >= 0) {
            return "reply " + seq + " differs from its request at body byte " + (bodyOffset + mismatch);
        }
        in.position(at + n);
        bodyOffset += n;
        return null;
    }

    void reset() {
        in.clear();
        head.clear();
        bodyOffset = -1;
    }
}
