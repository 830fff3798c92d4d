package drover.reactor.http;

import drover.common.config.DroverConfig;
import drover.common.config.LinkLimits;

/**
 * The sizes and the time a request may take.
 *
 * @param headMax             http_header_max: request line plus header fields, line ends and the
 *                            empty line included; also the limit on a chunked body's trailer section
 * @param bodyMax             package_max_length: the largest body, after chunked decoding
 * @param requestTimeoutNanos http_request_timeout: first byte to last byte of one request; 0 = none
 */
public record HttpLimits(int headMax, int bodyMax, long requestTimeoutNanos) {
    /** Enough for "GET / HTTP/1.1", a Host field and the empty line, and then some. */
    static final int MIN_HEAD = 64;

    public HttpLimits {
        if (headMax < MIN_HEAD) {
            throw new IllegalArgumentException("http_header_max " + headMax + " is below " + MIN_HEAD + " bytes");
        }
        if (bodyMax < 0) {
            throw new IllegalArgumentException("package_max_length " + bodyMax + " is negative");
        }
        if (requestTimeoutNanos < 0) {
            throw new IllegalArgumentException("http_request_timeout " + requestTimeoutNanos + " ns is negative");
        }
    }

    public static HttpLimits of(DroverConfig config) {
        return new HttpLimits(config.httpHeaderMax(), config.packageMaxLength(), config.httpRequestTimeout().toNanos());
    }

    /** The largest request packet the framer can produce ({@link LinkLimits#maxHttpRequestPacket}). */
    public long maxPacketSize() {
        return LinkLimits.maxHttpRequestPacket(bodyMax, headMax);
    }
}
