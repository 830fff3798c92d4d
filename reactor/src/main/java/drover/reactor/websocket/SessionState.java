package drover.reactor.websocket;

/** Where a WebSocket connection is in its close handshake (RFC 6455 section 7). */
enum SessionState {
    /** Messages flow both ways. */
    OPEN,
    /** The server sent its close frame and waits for the client's; messages arriving meanwhile are dropped. */
    CLOSE_SENT,
    /** Both close frames crossed, or the connection failed: only the transport remains to close. */
    CLOSED;

    boolean canMoveTo(SessionState next) {
        return switch (this) {
            case OPEN -> next == CLOSE_SENT || next == CLOSED;
            case CLOSE_SENT -> next == CLOSED;
            case CLOSED -> false;
        };
    }
}
