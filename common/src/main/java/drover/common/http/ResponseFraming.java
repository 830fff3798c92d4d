package drover.common.http;

/** How a response marks where its body ends (RFC 9112 §6.3). */
public enum ResponseFraming {
    /** {@code Content-Length}: the whole body is known before the head is written. */
    CONTENT_LENGTH,
    /** {@code Transfer-Encoding: chunked}: a streamed body to an HTTP/1.1 client. */
    CHUNKED,
    /** No length at all: a streamed body to an HTTP/1.0 client ends when the connection closes. */
    UNTIL_CLOSE,
    /** 1xx, 204 and 304 responses never have a body. */
    NO_BODY;

    /**
     * @param bodyLengthKnown whether the whole body is in hand before the head goes out
     */
    public static ResponseFraming choose(int status, HttpVersion version, boolean bodyLengthKnown) {
        if (status < 200 || status == 204 || status == 304) {
            return NO_BODY;
        }
        if (bodyLengthKnown) {
            return CONTENT_LENGTH;
        }
        return version == HttpVersion.HTTP_1_1 ? CHUNKED : UNTIL_CLOSE;
    }

    /** An HTTP/1.0 client can only see the end of a length-less body by the connection closing. */
    public boolean forcesClose() {
        return this == UNTIL_CLOSE;
    }
}
