package drover.reactor;

/** A client connection's life: reading, closing once its output is flushed, closed. */
enum ConnectionState {
    OPEN, CLOSING, CLOSED;

    boolean canMoveTo(ConnectionState next) {
        return switch (this) {
            case OPEN -> next == CLOSING || next == CLOSED;
            case CLOSING -> next == CLOSED;
            case CLOSED -> false;
        };
    }
}
