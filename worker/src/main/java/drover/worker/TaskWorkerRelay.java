package drover.worker;

import drover.common.frame.WebSocketWire;
import drover.common.log.Log;
import drover.worker.api.websocket.Opcode;
import drover.worker.task.TaskClient;
import drover.worker.websocket.WebSocketConnections;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A worker's side of its task workers' WebSocket calls (docs/WEBSOCKET.md, "From a task worker"):
 * their pushes and disconnects arrive on the task link and go on as this worker's own would, to the
 * reactor that owns the connection. The task worker checked them already; one that fails here
 * (another build's task worker) is logged and dropped, as a stale push is. In this package, not
 * drover.worker.websocket, so that neither of that one and drover.worker.task depends on the other.
 */
final class TaskWorkerRelay implements TaskClient.WebSocketRelay {
    private final WebSocketConnections connections;

    TaskWorkerRelay(WebSocketConnections connections) {
        this.connections = connections;
    }

    @Override
    public Set<Long> established() {
        return connections.snapshot();
    }

    @Override
    public void push(long fd, int opcode, byte[] data, String from) {
        try {
            connections.push(fd, data, Opcode.of(opcode));
        } catch (IllegalArgumentException e) {
            Log.warn("a push from " + from + " dropped: " + e.getMessage());
        }
    }

    @Override
    public void disconnect(long fd, ByteBuffer status, String from) {
        try {
            connections.disconnect(fd, WebSocketWire.closeCode(status), WebSocketWire.closeReason(status));
        } catch (IllegalArgumentException e) {
            Log.warn("a disconnect from " + from + " dropped: " + e.getMessage());
        }
    }
}
