package drover.reactor.websocket;

import java.nio.ByteBuffer;

/**
 * One established WebSocket connection, independent of its channel: client bytes in through
 * {@link #receive}, app messages out through {@link #send}, frames to the client through
 * {@link Output}. Runs the close handshake (the server closes the transport once both close frames
 * crossed, section 7.1.1), fails the connection with the right status on a protocol violation, and
 * answers pings itself unless the policy says otherwise. The {@link Listener} hears of each message
 * and, exactly once, of the end. Not thread-safe: the connection's reactor thread calls it.
 */
public final class WebSocketSession implements FrameSink {
    /** Where frames to the client go. */
    public interface Output {
        void write(ByteBuffer frame);

        /** Close the TCP connection once the written frames are flushed. */
        void closeTransport();

        /** Whether the client's output already holds buffer_output_size: pongs wait (coalesced) until it drains. */
        default boolean backlogged() {
            return false;
        }
    }

    /** What the app is told. */
    public interface Listener {
        /** A message, or one fragment of it with pass-through; type is TEXT or BINARY. */
        void onMessage(Opcode type, byte[] payload, boolean finish);

        /** Only without auto pong: the app answers with {@link #send}(PONG, payload). */
        void onPing(byte[] payload);

        /** Only without auto pong. */
        void onPong(byte[] payload);

        /** The connection ended: the status of the first close frame sent or received, or 1006 without one. */
        void onClose(int code, String reason);
    }

    private final WebSocketPolicy policy;
    private final PerMessageDeflate deflate;
    private final FrameDecoder decoder;
    private final Listener listener;
    private final Output output;
    private SessionState state = SessionState.OPEN;
    private int closeCode = CloseStatus.ABNORMAL.code();
    private String closeReason = "";
    /** The latest ping not answered yet because the client was not reading; answered once it drains. */
    private byte[] pongOwed;

    /** @param deflate the permessage-deflate parameters from the handshake, or null for none */
    public WebSocketSession(WebSocketPolicy policy, DeflateParameters deflate, Listener listener, Output output) {
        this.policy = policy;
        this.deflate = deflate == null ? null : new PerMessageDeflate(deflate);
        this.decoder = new FrameDecoder(this, policy.maxMessage(), policy.passFragments(), this.deflate);
        this.listener = listener;
        this.output = output;
    }

    /** Feeds a read from the client; consumes all of it. */
    public void receive(ByteBuffer in) {
        if (state == SessionState.CLOSED) {
            in.position(in.limit());
            return;
        }
        try {
            decoder.feed(in);
        } catch (WebSocketException e) {
            fail(e.status().code(), e.getMessage());
        }
    }

    /**
     * Sends a whole message (TEXT or BINARY, compressed when negotiated) or a PING/PONG. False
     * when the connection is closing or closed, so nothing was sent.
     *
     * @throws IllegalArgumentException on TEXT that is not UTF-8, or a control payload over 125 bytes
     */
    public boolean send(Opcode type, byte[] payload) {
        if (type == Opcode.CONTINUATION || type == Opcode.CLOSE) {
            throw new IllegalArgumentException(type + ": send a message, ping or pong; close with close()");
        }
        if (type == Opcode.TEXT) {
            Utf8Validator utf8 = new Utf8Validator();
            if (!utf8.feed(payload, 0, payload.length) || !utf8.isComplete()) {
                throw new IllegalArgumentException("text message of " + payload.length + " bytes is not valid UTF-8");
            }
        }
        if (state != SessionState.OPEN) {
            return false;
        }
        if (deflate != null && !type.isControl()) {
            byte[] compressed = deflate.compress(payload, 0, payload.length);
            output.write(FrameEncoder.encode(type, true, true, compressed, 0, compressed.length));
        } else {
            output.write(FrameEncoder.encode(type, true, false, payload, 0, payload.length));
        }
        return true;
    }

    /** Starts the close handshake; the client's close frame (or {@link #closeTimedOut}) ends it. */
    public void close(int code, String reason) {
        if (!CloseStatus.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + ": expected 1000-1003, 1007-1014 or 3000-4999");
        }
        if (state == SessionState.OPEN) {
            output.write(FrameEncoder.encodeClose(code, reason));
            remember(code, reason);
            moveTo(SessionState.CLOSE_SENT);
        }
    }

    /** The client did not answer our close frame in time: close the transport anyway. */
    public void closeTimedOut() {
        if (state != SessionState.CLOSED) {
            end();
        }
    }

    /** The TCP connection ended: without a close handshake the status is 1006. */
    public void transportClosed() {
        if (state != SessionState.CLOSED) {
            moveTo(SessionState.CLOSED);
            finish();
        }
    }

    public boolean isOpen() {
        return state == SessionState.OPEN;
    }

    public boolean isClosing() {
        return state == SessionState.CLOSE_SENT;
    }

    @Override
    public void onMessage(Opcode type, byte[] payload, boolean finish) {
        if (state == SessionState.OPEN) {
            listener.onMessage(type, payload, finish);
        }
    }

    @Override
    public void onPing(byte[] payload) {
        if (!policy.autoPong()) {
            listener.onPing(payload);
        } else if (state == SessionState.OPEN && output.backlogged()) {
            // a flood of pings from a client that does not read must not grow its output without
            // bound: answer only the latest, once it reads (RFC 6455 section 5.5.3 allows that)
            pongOwed = payload;
        } else if (state == SessionState.OPEN) {
            pongOwed = null; // this pong answers the older ping too, and keeps the pongs in order
            output.write(FrameEncoder.encode(Opcode.PONG, payload));
        }
    }

    /** The client read some of its output: the pong owed, if any, goes now that there is room. */
    public void outputDrained() {
        if (pongOwed != null && state == SessionState.OPEN && !output.backlogged()) {
            byte[] owed = pongOwed;
            pongOwed = null; // first: the write may flush, and a flush calls this again
            output.write(FrameEncoder.encode(Opcode.PONG, owed));
        }
    }

    @Override
    public void onPong(byte[] payload) {
        if (!policy.autoPong()) {
            listener.onPong(payload);
        }
    }

    @Override
    public void onClose(int code, String reason) {
        if (state == SessionState.OPEN) {
            // Echo the status (section 5.5.1); a close without one is answered without one.
            output.write(code == CloseStatus.NO_STATUS.code()
                    ? FrameEncoder.encode(Opcode.CLOSE, new byte[0]) : FrameEncoder.encodeClose(code, ""));
            remember(code, reason);
        }
        end();
    }

    private void fail(int code, String reason) {
        if (state == SessionState.OPEN) {
            output.write(FrameEncoder.encodeClose(code, reason));
            remember(code, reason);
        }
        end();
    }

    private void end() {
        moveTo(SessionState.CLOSED);
        output.closeTransport();
        finish();
    }

    private void finish() {
        if (deflate != null) {
            deflate.end();
        }
        listener.onClose(closeCode, closeReason);
    }

    private void remember(int code, String reason) {
        closeCode = code;
        closeReason = reason == null ? "" : reason;
    }

    private void moveTo(SessionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("websocket session: " + state + " -> " + next);
        }
        state = next;
    }
}
