package drover.bench;

import java.nio.ByteBuffer;

/**
 * The body every request of one size shares: bytes 0..7 are left for the request's sequence
 * number, the rest is a fixed pattern. Replies are checked against it, so nothing is kept per
 * request but its send time.
 */
final class RequestTemplate {
    static final int LENGTH_FIELD = 4;
    static final int SEQUENCE = 8;
    /** Length field and sequence number: what is written per request before the pattern. */
    static final int HEAD = LENGTH_FIELD + SEQUENCE;

    private final int bodySize;
    private final ByteBuffer body;

    RequestTemplate(int bodySize) {
        if (bodySize < SEQUENCE) {
            throw new IllegalArgumentException("body size " + bodySize + " is under the " + SEQUENCE + "-byte sequence number");
        }
        this.bodySize = bodySize;
        ByteBuffer pattern = ByteBuffer.allocateDirect(bodySize);
        for (int i = SEQUENCE; i < bodySize; i++) {
            pattern.put(i, (byte) (i * 131 + (i >>> 8) * 7 + 1));
        }
        this.body = pattern.asReadOnlyBuffer();
    }

    int bodySize() {
        return bodySize;
    }

    int packetSize() {
        return LENGTH_FIELD + bodySize;
    }

    /** A private view of the body, for absolute reads and comparisons. */
    ByteBuffer view() {
        return body.duplicate();
    }
}
