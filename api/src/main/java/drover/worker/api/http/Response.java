package drover.worker.api.http;

/**
 * The answer to one request. Set status and headers, then either {@link #end(byte[])} with the
 * whole body (sent with Content-Length), or stream it with {@link #write} calls and a final
 * {@link #end()} (sent chunked to HTTP/1.1 clients; to HTTP/1.0 clients the connection closes to
 * mark the end). Date and Server are added unless set; Content-Length, Transfer-Encoding and
 * Connection are Drover's. Thread-safe, so a response may be ended later from another thread.
 */
public interface Response {
    /**
     * @throws IllegalArgumentException outside 200..999 (interim responses are Drover's)
     * @throws IllegalStateException    once the head is sent
     */
    Response status(int code);

    /**
     * Adds a header field (call again to repeat a name, e.g. Set-Cookie).
     *
     * @throws IllegalArgumentException for a name that is not a token, a value with CR, LF or other
     *                                  control characters, or a field Drover manages
     * @throws IllegalStateException    once the head is sent
     */
    Response header(String name, String value);

    /** Closes the connection after this response, whatever the request asked for. */
    Response closeConnection();

    /** Sends the head if not yet sent, then this part of a streamed body. Empty data sends nothing. */
    Response write(byte[] data);

    /** {@link #write(byte[])} of the text in UTF-8. */
    Response write(String text);

    /** Sends the rest of the response with data as the (last part of the) body. */
    void end(byte[] data);

    /** {@link #end(byte[])} of the text in UTF-8. */
    void end(String text);

    /** Ends the response with no more body. */
    void end();

    /** Whether {@link #end} was called. Calling any writing method after it throws IllegalStateException. */
    boolean isEnded();
}
