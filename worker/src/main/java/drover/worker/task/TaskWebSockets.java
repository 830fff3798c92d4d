package drover.worker.task;

import drover.common.frame.FrameType;
import drover.common.loop.EventLoop;
import drover.worker.api.websocket.Opcode;
import drover.worker.websocket.WebSocketConnections;
import drover.worker.websocket.WebSocketSet;
import java.util.List;
import java.util.Set;

/**
 * A task worker's WebSocketServer calls (docs/WEBSOCKET.md, "From a task worker"). A task worker has
 * no reactor link, so it goes through a worker: each worker tells it, on its link, of the connections
 * established when it linked and of every one established or ended since (WorkerConnection's view);
 * pushes and disconnects go on the link of one worker (the first linked still open, so one thread's
 * pushes keep their order), which sends them on to the reactor as its own. The views are answered
 * from that same link. Loop thread only: onTask and the other callbacks run there.
 */
final class TaskWebSockets implements WebSocketSet {
    private final EventLoop loop;
    private final List<WorkerConnection> connections;
    private final int workerId;
    private final int maxPayload;

    /** @param connections the task worker's links, as its loop keeps them */
    TaskWebSockets(EventLoop loop, List<WorkerConnection> connections, int workerId, int maxPayload) {
        this.loop = loop;
        this.connections = connections;
        this.workerId = workerId;
        this.maxPayload = maxPayload;
    }

    @Override
    public boolean push(long fd, byte[] data, Opcode opcode) {
        WebSocketConnections.checkPush(data, opcode, maxPayload);
        WorkerConnection relay = relay();
        if (relay == null || !relay.webSocketEstablished(fd)) {
            return false;
        }
        // a copy: the caller may reuse its array at once, and a large payload is sent over several turns
        relay.append(FrameType.SEND, FrameType.WEBSOCKET_FLAG | opcode.code(), fd, workerId, data.clone());
        return true;
    }

    @Override
    public boolean disconnect(long fd, int code, String reason) {
        WebSocketConnections.checkCloseCode(code);
        WorkerConnection relay = relay();
        if (relay == null || !relay.webSocketEnded(fd)) {
            return false;
        }
        relay.append(FrameType.CLOSE_REQUEST, FrameType.WEBSOCKET_FLAG, fd, workerId,
                WebSocketConnections.closeStatus(code, reason));
        return true;
    }

    @Override
    public boolean isEstablished(long fd) {
        WorkerConnection relay = relay();
        return relay != null && relay.webSocketEstablished(fd);
    }

    @Override
    public int count() {
        WorkerConnection relay = relay();
        return relay == null ? 0 : relay.webSocketCount();
    }

    @Override
    public Set<Long> snapshot() {
        WorkerConnection relay = relay();
        return relay == null ? Set.of() : relay.webSocketSnapshot();
    }

    /** The link that carries this task worker's WebSocket calls; null when no worker is linked. */
    private WorkerConnection relay() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("a task worker's WebSocket calls run on its own thread (onTask and the"
                    + " other callbacks), not on " + Thread.currentThread().getName());
        }
        WorkerConnection draining = null;
        for (WorkerConnection connection : connections) {
            if (connection.isOpen() && connection.identified()) {
                if (!connection.drained()) {
                    return connection;
                }
                draining = draining == null ? connection : draining; // a retiring worker still relays, until it exits
            }
        }
        return draining;
    }
}
