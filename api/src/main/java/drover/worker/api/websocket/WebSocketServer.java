package drover.worker.api.websocket;

import drover.worker.api.Server;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The handle a {@link WebSocketApp} gets, as Swoole's WebSocket\Server: everything a
 * {@link Server} does, plus pushing to established connections. An fd is established from just
 * before {@link WebSocketApp#onOpen} until the close handshake starts. In a worker every method may
 * be called from any thread: the push goes through the reactor that owns the connection, so it does
 * not matter which worker the connection's messages go to. In a task worker (the {@code Server} its
 * callbacks get is one of these for a WebSocketApp) they go through a worker, and are made on the
 * task worker's own thread (onTask). Pushes to one fd from one thread reach the client in the order
 * made.
 */
public interface WebSocketServer extends Server {
    /**
     * Sends one message (TEXT or BINARY, compressed when the connection negotiated
     * permessage-deflate) or, with websocket_auto_pong off, a PING or PONG.
     *
     * @param fd     the connection
     * @param data   the payload; not kept after the call returns
     * @param opcode what the payload is
     * @return false when the fd is not established (unknown, closing or closed): nothing is sent
     * @throws IllegalArgumentException on TEXT that is not UTF-8, or a PING/PONG over 125 bytes
     */
    boolean push(long fd, byte[] data, Opcode opcode);

    /**
     * Sends a TEXT message.
     *
     * @param fd   the connection
     * @param text the message
     * @return false when the fd is not established
     */
    default boolean push(long fd, String text) {
        return push(fd, text.getBytes(StandardCharsets.UTF_8), Opcode.TEXT);
    }

    /**
     * Starts the close handshake: the client gets a close frame with the code and reason (cut to
     * 123 bytes on a character boundary), and the connection closes once it answers, or after a
     * short deadline. {@link WebSocketApp#onClose} follows with this code.
     *
     * @param fd     the connection
     * @param code   1000 (normal), 1001 (going away), 1003, 1008, 1011, or 3000..4999
     * @param reason why, for the client; may be empty
     * @return false when the fd is not established
     * @throws IllegalArgumentException on any other code
     */
    boolean disconnect(long fd, int code, String reason);

    /**
     * Closes with 1000 and no reason.
     *
     * @param fd the connection
     * @return false when the fd is not established
     */
    default boolean disconnect(long fd) {
        return disconnect(fd, 1000, "");
    }

    /**
     * Whether the fd is an established WebSocket connection.
     *
     * @param fd the connection
     * @return false for an unknown, closing or closed fd, and for a plain HTTP connection
     */
    boolean isEstablished(long fd);

    /**
     * How many WebSocket connections are established on the whole server.
     *
     * @return the count at the time of the call
     */
    int establishedCount();

    /**
     * A snapshot of the established connections on the whole server, for a broadcast: a
     * connection may close right after, and then its push returns false.
     *
     * @return the fds, in no particular order; an unmodifiable set
     */
    Set<Long> establishedConnections();
}
