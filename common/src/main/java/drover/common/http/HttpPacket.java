package drover.common.http;

/** What the reactor tells a worker about an HTTP connection, one per DATA frame (see {@link HttpPacketKind}). */
public sealed interface HttpPacket {
    /** A whole request to answer. */
    record Request(HttpRequestMessage message) implements HttpPacket {}

    /**
     * The client waits for {@code HTTP/1.1 100 Continue} before it sends the body. It comes through
     * the worker, not straight from the reactor, so it cannot overtake the responses to earlier
     * pipelined requests.
     */
    record ContinueOwed() implements HttpPacket {}

    /**
     * The connection's next request is refused: write {@link HttpErrorResponse} for the status, then
     * close. Like {@link ContinueOwed} it travels through the worker to stay behind earlier responses.
     *
     * @param why for the log, e.g. "Content-Length 10 differs from an earlier Content-Length 11"
     */
    record Rejected(HttpStatus status, String why) implements HttpPacket {}

    /**
     * The client closed its sending side (it may still read): close the connection once the
     * responses to its earlier requests are written. A request it had only partly sent is dropped.
     */
    record InputEnded() implements HttpPacket {}
}
