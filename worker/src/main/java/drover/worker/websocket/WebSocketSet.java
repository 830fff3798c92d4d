package drover.worker.websocket;

import drover.worker.api.websocket.Opcode;
import java.util.Set;

/**
 * The server's WebSocket connections as one process can act on them: a worker's own record of them
 * ({@link WebSocketConnections}), or a task worker's, whose calls a worker relays to the reactor.
 */
public interface WebSocketSet {
    boolean push(long fd, byte[] data, Opcode opcode);

    boolean disconnect(long fd, int code, String reason);

    boolean isEstablished(long fd);

    int count();

    Set<Long> snapshot();

    /**
     * The WebSocketServer calls, forwarded to the process's set: what a worker's and a task worker's
     * Server handle share.
     */
    interface Forwarding extends drover.worker.api.websocket.WebSocketServer {
        WebSocketSet webSocketSet();

        @Override
        default boolean push(long fd, byte[] data, Opcode opcode) {
            return webSocketSet().push(fd, data, opcode);
        }

        @Override
        default boolean disconnect(long fd, int code, String reason) {
            return webSocketSet().disconnect(fd, code, reason);
        }

        @Override
        default boolean isEstablished(long fd) {
            return webSocketSet().isEstablished(fd);
        }

        @Override
        default int establishedCount() {
            return webSocketSet().count();
        }

        @Override
        default Set<Long> establishedConnections() {
            return webSocketSet().snapshot();
        }
    }
}
