package drover.worker;

import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.common.link.LinkInput;
import drover.common.log.Log;
import drover.worker.http.ProtocolRouterApp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the reactor's frames mean to this worker: each one (DATA, CONNECT and CLOSE with their
 * WebSocket notices, the watermarks, SESSION_DRAIN, PIPE_MESSAGE) becomes the session table's
 * bookkeeping and the app's callback. In base mode the worker's own connections send the same frames
 * as calls. On the worker's loop thread.
 */
final class ReactorFrames {
    private final SessionTable sessions;
    private final CallbackInvoker invoker;
    private final ServerHandle server;
    private final WorkerTasks tasks;
    private final WorkerVitals vitals;
    /** HTTP and packet listeners at once: routes each session to its app; else null. */
    private final ProtocolRouterApp protocolRouter;
    /** The app is a WebSocketApp: its sessions' DATA may be WebSocket messages. */
    private final boolean webSocketApp;
    private long turnMillis; // when this loop turn's packets arrived; 0 until its first packet

    ReactorFrames(SessionTable sessions, CallbackInvoker invoker, ServerHandle server, WorkerTasks tasks,
                  WorkerVitals vitals, ProtocolRouterApp protocolRouter, boolean webSocketApp) {
        this.sessions = sessions;
        this.invoker = invoker;
        this.server = server;
        this.tasks = tasks;
        this.vitals = vitals;
        this.protocolRouter = protocolRouter;
        this.webSocketApp = webSocketApp;
    }

    /** A new loop turn: the clock is read again at its first packet. */
    void newTurn() {
        turnMillis = 0;
    }

    /** @param peer the reactor link it came on; null for a base-mode worker's own connections */
    void onFrame(ReactorPeer peer, FrameHeader header, ByteBuffer payload) {
        long session = header.sessionId();
        switch (header.type()) {
            case DATA -> {
                if (webSocketApp && payload.hasRemaining()
                        && (payload.get(payload.position()) & WebSocketWire.MESSAGE_MARK) != 0) {
                    // a message proves its connection established, also to a new worker that got it
                    // before the reactor's notice (queued for it behind the messages already waiting)
                    server.webSocketConnections().opened(session);
                }
                vitals.countRequest();
                sessions.received(session, turnMillis());
                invoker.receive(session, payload);
            }
            case CONNECT -> {
                if ((header.flags() & FrameType.NOTICE_FLAG) != 0) { // a WebSocket established, on any worker
                    server.webSocketConnections().opened(session);
                    tasks.client().webSocketNotice(FrameType.CONNECT, session);
                    return;
                }
                if (protocolRouter != null && (header.flags() & FrameType.HTTP_SESSION_FLAG) != 0) {
                    protocolRouter.markHttp(session); // before any of its callbacks is queued
                }
                sessions.connected(session, header.flags(), payload, Instant.now());
                invoker.connect(session);
            }
            case CLOSE -> {
                if ((header.flags() & FrameType.NOTICE_FLAG) != 0) { // a WebSocket ended; another worker's onClose
                    server.webSocketConnections().ended(session);
                    tasks.client().webSocketNotice(FrameType.CLOSE, session);
                    return;
                }
                if ((header.flags() & FrameType.WEBSOCKET_FLAG) != 0) { // before onClose is queued: it reads the status
                    server.webSocketConnections().endedWith(session, payload);
                    tasks.client().webSocketNotice(FrameType.CLOSE, session);
                    if (protocolRouter != null) { // a WebSocket's end may follow its HTTP close (an accept too late)
                        protocolRouter.markHttp(session);
                    }
                } else { // closed before the reactor took this worker's accept: no longer established here either
                    server.webSocketConnections().ended(session);
                }
                sessions.closed(session);
                invoker.close(session);
            }
            case DRAIN -> {
                if (peer != null) {
                    peer.markDrained();
                }
            }
            case SEND_FAILED -> invoker.sendFailed(session, StandardCharsets.UTF_8.decode(payload).toString());
            case BUFFER_FULL -> invoker.bufferFull(session);
            case BUFFER_EMPTY -> invoker.bufferEmpty(session);
            case SESSION_DRAIN -> invoker.drain(session);
            case PIPE_MESSAGE -> {
                int from = payload.getInt();
                invoker.pipeMessage(from, bytes(payload));
            }
            default -> Log.warn("unexpected " + header.type() + " frame from the reactor");
        }
    }

    /** The clock, read once per loop turn rather than per packet. */
    private long turnMillis() {
        if (turnMillis == 0) {
            turnMillis = System.currentTimeMillis();
        }
        return turnMillis;
    }

    // a large payload was joined into an array of its own: hand that over rather than copy it again
    private static byte[] bytes(ByteBuffer payload) {
        return LinkInput.bytes(payload);
    }
}
