package drover.reactor;

import drover.common.frame.FrameType;
import drover.common.session.SessionId;
import drover.common.session.SessionMap;
import drover.reactor.protocol.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * One reactor thread's client sessions: opened on accept, looked up for the workers' frames, each
 * ended exactly once with its worker told (CONNECT and CLOSE go to the session's home worker).
 * Used on its thread only.
 */
final class Sessions {
    private final SessionMap<ClientConnection> open = new SessionMap<>();
    private final ConnectionQuota quota;
    private final ReactorCounters counters;
    private WorkerRouter router;

    Sessions(ConnectionQuota quota, ReactorCounters counters) {
        this.quota = quota;
        this.counters = counters;
    }

    /** The router the CONNECT and CLOSE frames go through; set once, before the first session. */
    void routeThrough(WorkerRouter router) {
        this.router = router;
    }

    /** A new session, announced to its home worker with the client's address and its listener's protocol. */
    void opened(ClientConnection connection, boolean http, byte[] address) {
        open.put(connection.sessionId(), connection);
        counters.accepted++;
        connection.notices().listenerFlags(http ? FrameType.HTTP_SESSION_FLAG : 0);
        if (!connection.delaysConnect()) {
            announce(connection, 0, address);
        }
    }

    /**
     * The session's CONNECT: at accept, or once the layers learned what the worker is told (a PROXY
     * header: the client's address; TLS: after the handshake, with its details). A session never
     * announced gets no CLOSE or SESSION_DRAIN either.
     */
    void announce(ClientConnection connection, int flags, byte[] payload) {
        WorkerNotices notices = connection.notices();
        notices.markAnnounced();
        router.queue(connection.homeSlot(), FrameType.CONNECT, notices.connectFlags(flags), connection.sessionId(),
                notices.connectPayload(payload));
    }

    /** SESSION_DRAIN to the home worker of a session it heard of: the app may end it (onDrain). */
    void askAppToEnd(ClientConnection connection) {
        if (connection.notices().announced()) {
            router.queue(connection.homeSlot(), FrameType.SESSION_DRAIN, connection.sessionId(), new byte[0]);
        }
    }

    ClientConnection get(long sessionId) {
        return open.get(sessionId);
    }

    int size() {
        return open.size();
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    Collection<ClientConnection> all() {
        return open.values();
    }

    /** A copy, for a walk that may close sessions. */
    List<ClientConnection> copy() {
        return List.copyOf(open.values());
    }

    /** Ends a session exactly once and tells its worker (onClose). */
    void close(ClientConnection connection, CloseReason reason) {
        if (!connection.release()) {
            return;
        }
        open.remove(connection.sessionId());
        quota.release();
        counters.closed++;
        if (!connection.notices().announced()) {
            return; // its worker never heard of it (a TLS handshake that failed)
        }
        if (connection.notices().isWebSocket()) { // every worker drops it from its set; the home one calls onClose with the code
            router.toAllWorkers(FrameType.CLOSE, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG,
                    connection.sessionId(), new byte[0], connection.homeSlot());
            router.queue(connection.homeSlot(), FrameType.CLOSE, FrameType.WEBSOCKET_FLAG, connection.sessionId(),
                    connection.notices().webSocketCloseStatus());
            return;
        }
        router.queue(connection.homeSlot(), FrameType.CLOSE, connection.sessionId(),
                reason.text().getBytes(StandardCharsets.UTF_8));
    }

    /** heartbeat_idle_time: closes what has been silent that long. */
    void closeIdle(long idleNanos, long now) {
        for (ClientConnection c : copy()) {
            if (now - c.lastReceiveNanos() >= idleNanos) {
                counters.idleClosed++;
                closeIdle(c);
            }
        }
    }

    /** A WebSocket says goodbye with 1001 and closes after the client's answer; anything else closes now. */
    private void closeIdle(ClientConnection c) {
        try {
            if (c.closeIdle()) {
                return;
            }
        } catch (IOException e) {
            close(c, CloseReason.of(e));
            return;
        }
        close(c, CloseReason.IDLE);
    }

    /** Fewer workers: sessions whose home slot is gone move to a remaining one. Returns how many moved. */
    int moveHomesFrom(int count) {
        int moved = 0;
        for (ClientConnection connection : open.values()) {
            if (connection.homeSlot() >= count) {
                connection.moveHome((int) Long.remainderUnsigned(SessionId.sequence(connection.sessionId()), count));
                moved++;
            }
        }
        return moved;
    }
}
