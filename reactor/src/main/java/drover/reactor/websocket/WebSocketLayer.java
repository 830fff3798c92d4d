package drover.reactor.websocket;

import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.LayerContext;
import drover.reactor.protocol.ProtocolLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * An established WebSocket connection as the top layer (docs/WEBSOCKET.md): it takes the HTTP
 * layer's place after the 101. Client bytes go into its {@link WebSocketSession}; each message goes
 * to a worker as a DATA packet ({@link WebSocketWire#message}); the workers' pushes (SEND with
 * FrameType.WEBSOCKET_FLAG) and close requests come back through {@link #onLayerFrame}. The socket is
 * the reactor's, so the connection outlives any worker: a worker's exit closes nothing here.
 */
public final class WebSocketLayer implements ProtocolLayer, WebSocketSession.Listener, WebSocketSession.Output {
    /** How long the client has to answer our close frame before the transport is closed anyway. */
    static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final WebSocketSession session;
    private final long outputCeiling;
    private LayerContext context;
    private boolean transportClosing;

    /**
     * @param deflate       the permessage-deflate parameters agreed in the handshake, or null
     * @param outputCeiling the most bytes the connection's output may hold with a push in it:
     *                      buffer_output_size plus the largest message, so a message as large as
     *                      the client may send can always be pushed back (as HTTP's responses)
     */
    public WebSocketLayer(WebSocketPolicy policy, DeflateParameters deflate, long outputCeiling) {
        this.session = new WebSocketSession(policy, deflate, this, this);
        this.outputCeiling = outputCeiling;
    }

    @Override
    public long outputLimit(LayerContext context) {
        return outputCeiling;
    }

    @Override
    public void onAttach(LayerContext context) {
        this.context = context;
        context.webSocketOpened();
    }

    @Override
    public int onInput(ByteBuffer in, LayerContext context) {
        session.receive(in);
        return 0;
    }

    /** The client shut its side without a close frame: 1006, and the connection ends. */
    @Override
    public void onInputEnd(LayerContext context) {
        session.transportClosed();
        context.passInputEnd();
    }

    @Override
    public boolean onLayerFrame(FrameType type, int flags, ByteBuffer payload, LayerContext context) {
        switch (type) {
            case SEND -> push(flags & FrameType.WEBSOCKET_OPCODE_MASK, payload);
            case CLOSE_REQUEST -> closeHandshake(WebSocketWire.closeCode(payload), WebSocketWire.closeReason(payload));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void push(int code, ByteBuffer payload) {
        Opcode opcode = Opcode.ofCode(code);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        try {
            if (opcode == null || opcode == Opcode.CLOSE || opcode == Opcode.CONTINUATION) {
                throw new IllegalArgumentException("opcode " + code + " cannot be pushed");
            }
            session.send(opcode, bytes);
        } catch (IllegalArgumentException e) { // the worker checked already: another build's worker
            Log.warn("session " + SessionId.format(context.sessionId()) + ": push dropped: " + e.getMessage());
        }
    }

    private void closeHandshake(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(code, reason);
        } catch (IllegalArgumentException e) {
            Log.warn("session " + SessionId.format(context.sessionId()) + ": " + e.getMessage() + "; closing with 1011");
            session.close(CloseStatus.INTERNAL_ERROR.code(), "");
        }
        context.schedule(CLOSE_TIMEOUT_NANOS, session::closeTimedOut);
    }

    /** Idle for heartbeat_idle_time: close with 1001 (going away), and the client's answer ends it. */
    @Override
    public boolean onIdle(LayerContext context) {
        closeHandshake(CloseStatus.GOING_AWAY.code(), "idle");
        return true;
    }

    @Override
    public void onServerStop(LayerContext context) {
        if (session.isOpen()) {
            session.close(CloseStatus.GOING_AWAY.code(), "server stopping");
            context.webSocketEnded(CloseStatus.GOING_AWAY.code(), "server stopping"); // closed now, not on an answer
        }
    }

    /** The connection belongs to the reactor, not to a worker: it stays when one exits (a reload). */
    @Override
    public boolean onWorkerLost(boolean answerStarted, boolean expected, LayerContext context) {
        return false;
    }

    // ---- the session's listener: what goes to the workers ----

    @Override
    public void onMessage(Opcode type, byte[] payload, boolean finish) {
        context.passUp(ByteBuffer.wrap(WebSocketWire.message(type.code(), finish, payload)));
    }

    @Override
    public void onPing(byte[] payload) {
        context.passUp(ByteBuffer.wrap(WebSocketWire.message(Opcode.PING.code(), true, payload)));
    }

    @Override
    public void onPong(byte[] payload) {
        context.passUp(ByteBuffer.wrap(WebSocketWire.message(Opcode.PONG.code(), true, payload)));
    }

    /** The session ended: the status first, so the worker's CLOSE carries it, then the transport. */
    @Override
    public void onClose(int code, String reason) {
        context.webSocketEnded(code, reason);
        if (transportClosing) {
            try {
                context.closeAfterOutput();
            } catch (IOException e) {
                context.abort(CloseReason.of(e));
            }
        }
    }

    // ---- the session's output: frames for the client ----

    @Override
    public void write(ByteBuffer frame) {
        try {
            context.passDown(frame);
        } catch (IOException e) {
            context.abort(CloseReason.of(e));
        }
    }

    @Override
    public boolean backlogged() {
        return context.pendingOutput() >= context.bufferOutputSize();
    }

    @Override
    public void onOutputWritten(LayerContext context) {
        session.outputDrained();
    }

    /** The session calls this just before {@link #onClose}, which closes once the status is known. */
    @Override
    public void closeTransport() {
        transportClosing = true;
    }

    @Override
    public String toString() {
        return "WebSocket";
    }
}
