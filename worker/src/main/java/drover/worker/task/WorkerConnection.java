package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.link.LinkEnd;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * A task worker's end of the link from one worker. Large tasks and results travel as on the reactor
 * links (chunks or a stored payload). Used only by the task worker's loop thread.
 */
final class WorkerConnection {
    private final LinkEnd end;
    private String peer = "a worker";
    private boolean drained;
    private boolean open = true;
    private boolean identified;
    /** The WebSocket connections established, as this link's worker told (WebSocket notices). */
    private final Set<Long> webSockets = new HashSet<>();

    WorkerConnection(SocketChannel channel, PayloadLimits limits, PayloadStore store) {
        this.end = new LinkEnd(channel, limits, store, 16 * 1024);
    }

    void register(SelectionKey key) {
        end.register(key);
    }

    SocketChannel channel() {
        return end.channel();
    }

    /** Reads what arrived; the sink sees large tasks whole, once their last part is in. */
    int read(FrameSink sink) throws IOException, FrameFormatException {
        return end.read(sink);
    }

    /** A large payload is sent from this very array, over the next loop turns. */
    void append(FrameType type, int flags, long taskId, int workerId, byte[] payload) {
        end.append(type, flags, taskId, workerId, payload);
    }

    /** Writes what the socket takes now; asks for OP_WRITE while bytes remain. */
    void flush() throws IOException {
        end.flush();
    }

    /** Whether frames are still waiting to be written, large payloads included. */
    boolean hasPending() {
        return end.hasPending();
    }

    /** The worker's HELLO named it. */
    void identify(String who) {
        peer = who;
        identified = true;
    }

    /** Its HELLO was taken (LinkGuard): only then are its tasks run. */
    boolean identified() {
        return identified;
    }

    String describe() {
        return peer;
    }

    /** The worker said DRAIN: it sends no more tasks on this link. */
    void markDrained() {
        drained = true;
    }

    boolean drained() {
        return drained;
    }

    boolean isOpen() {
        return open;
    }

    /** The worker's notice: a WebSocket connection was established (CONNECT) or ended (CLOSE). */
    void webSocketNotice(FrameType type, long fd) {
        if (type == FrameType.CONNECT) {
            webSockets.add(fd);
        } else {
            webSockets.remove(fd);
        }
    }

    boolean webSocketEstablished(long fd) {
        return webSockets.contains(fd);
    }

    /** Drops fd from the view at once (this task worker disconnects it); false when it was not there. */
    boolean webSocketEnded(long fd) {
        return webSockets.remove(fd);
    }

    int webSocketCount() {
        return webSockets.size();
    }

    Set<Long> webSocketSnapshot() {
        return Set.copyOf(webSockets);
    }

    void trimIdle(long nowNanos) {
        end.trimIdle(nowNanos);
    }

    void close() {
        open = false;
        end.close(peer);
    }
}
