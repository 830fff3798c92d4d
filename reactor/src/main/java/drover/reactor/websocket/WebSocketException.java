package drover.reactor.websocket;

/** A peer broke the protocol: the connection fails with {@link #status()} and the message as reason. */
public final class WebSocketException extends Exception {
    private final CloseStatus status;

    public WebSocketException(CloseStatus status, String message) {
        super(message, null, false, false);   // thrown per bad peer: no stack trace to fill
        this.status = status;
    }

    public CloseStatus status() {
        return status;
    }
}
