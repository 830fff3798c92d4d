package drover.reactor.tls;

import drover.common.frame.FrameType;
import drover.common.frame.TlsConnectPayload;
import drover.common.tls.PlaintextSink;
import drover.common.tls.TlsConnectionInfo;
import drover.common.tls.TlsException;
import drover.common.tls.TlsSession;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.LayerContext;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.ProtocolLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * TLS below the framing layer (docs/ARCHITECTURE.md, "The protocol stack"): decrypts what the
 * socket read and passes the plaintext up, encrypts what comes down. Plaintext the layer above
 * leaves (a message not whole yet) is kept here and offered again with more. A reply is encrypted
 * only while less than the output budget waits in the connection, so a slow client holds the budget
 * plus one record of ciphertext; the plaintext waiting meanwhile counts as this layer's
 * {@link #heldOutput}. Each failure ends this connection alone, counted and with its own reason.
 */
public final class TlsLayer implements ProtocolLayer {
    private final TlsSession session;
    private final int outputBudget;
    private final long handshakeTimeoutNanos;
    /** Plaintext the layer above left, in read mode; null while none (the usual case). */
    private ByteBuffer kept;
    /** Plaintext from above waiting for room or for the handshake, in read mode; null while none. */
    private ByteBuffer waiting;
    /** The caller's plaintext being encrypted now (onOutput), counted as held until it is all passed down. */
    private ByteBuffer sending;
    /**
     * Encrypting or handing ciphertext down: a write that flushes calls onOutputWritten again, which
     * must not encrypt into the session's output while it is being handed down.
     */
    private boolean busy;
    /** The session's CONNECT went to its worker. */
    private boolean announced;
    /** The connection closes after its output: close_notify follows the last of it. */
    private boolean closing;
    private final PlaintextSink sink = this::passUp; // bound once: no allocation per read
    private LayerContext context;
    private final WritableByteChannel down = new Downward();

    /**
     * @param engine          a server engine of the listener's current certificate
     * @param buffers         the thread's shared decryption and encryption buffers (TlsSession)
     * @param outputBudget    buffer_output_size: most ciphertext waiting in the connection before encryption pauses
     */
    public TlsLayer(SSLEngine engine, SharedTlsBuffers buffers, int outputBudget, long handshakeTimeoutNanos)
            throws SSLException {
        this.outputBudget = outputBudget;
        this.handshakeTimeoutNanos = handshakeTimeoutNanos;
        // the session's own budget is one write's worth: the connection's queue is the one that waits
        this.session = new TlsSession(engine, Math.min(outputBudget, SharedTlsBuffers.BATCH),
                System.nanoTime() + handshakeTimeoutNanos, buffers.plaintext(), buffers.ciphertext());
    }

    /** The app hears of a TLS connection once its handshake is done, with what it agreed. */
    @Override
    public boolean delaysConnect() {
        return true;
    }

    /**
     * Once, when the handshake is done: the session's CONNECT, before its first plaintext (which may
     * come in the same read as the client's Finished), so the worker knows the session and its TLS.
     */
    private void announceOnce() {
        if (announced || session.state() != TlsSession.State.OPEN) {
            return;
        }
        announced = true;
        context.count(LayerEvent.TLS_HANDSHAKE);
        TlsConnectionInfo info = session.info().orElseThrow();
        context.announce(FrameType.TLS_SESSION_FLAG, TlsConnectPayload.encode(context.remoteAddress(), info));
    }

    @Override
    public void onAttach(LayerContext context) {
        this.context = context;
        context.schedule(handshakeTimeoutNanos, this::checkHandshake);
    }

    private void checkHandshake() {
        if (session.handshakeExpired(System.nanoTime())) {
            context.count(LayerEvent.TLS_HANDSHAKE_TIMEOUT);
            session.close();
            context.abort(CloseReason.TLS_HANDSHAKE_TIMEOUT); // it may not even read: no waiting for its alert
        } else if (session.state() == TlsSession.State.HANDSHAKING) {
            context.schedule(handshakeTimeoutNanos / 4, this::checkHandshake); // the clock went back: look again
        }
    }

    @Override
    public int onInput(ByteBuffer in, LayerContext context) {
        if (kept != null && !in.hasRemaining()) {
            passUp(ByteBuffer.allocate(0)); // an input hold ended: offer what the layer above left
        }
        try {
            session.receive(in, sink);
        } catch (TlsException e) {
            in.position(in.limit());
            fail(e);
            return 0;
        }
        try {
            writeCiphertext(); // the handshake's answer, or close_notify for the client's
            announceOnce();
            encryptWaiting(); // a reply that came during the handshake (none on an announced-late session, but cheap)
        } catch (IOException e) {
            context.abort(CloseReason.of(e));
        }
        return 0; // the framing's sizes are of plaintext: no packet is read straight into a ring
    }

    /** Decrypted bytes: up to the framing, keeping what it leaves (a message not whole yet). */
    private boolean passUp(ByteBuffer plaintext) {
        announceOnce();
        if (kept == null) {
            context.passUp(plaintext);
            if (plaintext.hasRemaining()) {
                kept = ByteBuffer.allocate(Math.max(plaintext.remaining() * 2, 4096)).put(plaintext).flip();
            }
            return true;
        }
        if (plaintext.hasRemaining()) {
            kept = append(kept, plaintext);
        }
        context.passUp(kept);
        if (!kept.hasRemaining()) {
            kept = null;
        }
        return true;
    }

    @Override
    public void onInputEnd(LayerContext context) {
        switch (session.endOfInput()) {
            case HANDSHAKE_ABORTED -> {
                context.count(LayerEvent.TLS_HANDSHAKE_ABORTED);
                context.abort(CloseReason.PEER_CLOSED);
                return;
            }
            case TRUNCATED -> context.count(LayerEvent.TLS_TRUNCATED);
            case CLOSE_NOTIFY -> { // answered in receive
            }
        }
        context.passInputEnd();
    }

    @Override
    public void onOutput(ByteBuffer out, LayerContext context) throws IOException {
        if (waiting != null || session.state() != TlsSession.State.OPEN || busy) {
            hold(out); // behind what waits already, or until the handshake is done
            return;
        }
        sending = out;
        busy = true;
        try {
            while (out.hasRemaining() && encrypt(out)) {
                // a batch went down: go on while there is room
            }
        } finally {
            busy = false;
            sending = null;
        }
        if (out.hasRemaining() && session.state() != TlsSession.State.CLOSED) {
            // ahead of anything a nested call queued meanwhile (an answer written while a flush read input)
            ByteBuffer rest = ByteBuffer.allocate(out.remaining()).put(out).flip();
            waiting = waiting == null ? rest : append(rest, waiting);
        }
        encryptWaiting();
    }

    @Override
    public void onOutputWritten(LayerContext context) throws IOException {
        encryptWaiting();
    }

    /** The plaintext held back, encrypted while there is room; the field is read again each turn, as a nested call may add to it. */
    private void encryptWaiting() throws IOException {
        if (waiting == null || busy) {
            return;
        }
        busy = true;
        try {
            while (waiting != null && waiting.hasRemaining() && encrypt(waiting)) {
                // a batch went down: go on while there is room
            }
        } finally {
            busy = false;
        }
        if (waiting != null && !waiting.hasRemaining()) {
            waiting = null;
        }
        sayCloseNotifyWhenDone();
    }

    @Override
    public void onClosing(LayerContext context) throws IOException {
        closing = true;
        sayCloseNotifyWhenDone();
    }

    // close_notify tells the client the reply is whole (a client reading to the end otherwise reports a truncation)
    private void sayCloseNotifyWhenDone() throws IOException {
        if (closing && waiting == null && !busy && session.state() == TlsSession.State.OPEN) {
            session.close();
            writeCiphertext();
        }
    }

    /**
     * Encrypts one batch while the connection's queue is under the budget and passes it down; the
     * caller is busy. Returns whether it took any plaintext.
     */
    private boolean encrypt(ByteBuffer plaintext) throws IOException {
        if (session.state() == TlsSession.State.CLOSED) {
            plaintext.position(plaintext.limit()); // the client said close_notify, or it failed: it reads no more
            return false;
        }
        if (context.pendingOutput() >= outputBudget) {
            return false; // the client reads slowly: go on in onOutputWritten
        }
        try {
            // written down as encrypted: the connection writes it to the socket or copies it into its queue
            int taken = session.send(plaintext, down);
            writeCiphertext();
            return taken > 0;
        } catch (TlsException e) {
            plaintext.position(plaintext.limit());
            fail(e);
            return false;
        }
    }

    private void hold(ByteBuffer out) {
        if (session.state() == TlsSession.State.CLOSED) {
            out.position(out.limit());
            return;
        }
        waiting = waiting == null ? ByteBuffer.allocate(out.remaining()).put(out).flip() : append(waiting, out);
    }

    @Override
    public int heldOutput() {
        return (waiting == null ? 0 : waiting.remaining()) + (sending == null ? 0 : sending.remaining())
                + session.pendingOutput();
    }

    /** Hands the session's ciphertext down; once the outermost hand-off is done, what waits may go on. */
    private void writeCiphertext() throws IOException {
        if (session.pendingOutput() == 0) {
            return;
        }
        boolean wasBusy = busy;
        busy = true;
        try {
            session.writeTo(down);
        } finally {
            busy = wasBusy;
        }
        if (!wasBusy) {
            encryptWaiting();
        }
    }

    private void fail(TlsException e) {
        context.count(switch (e.kind()) {
            case PLAINTEXT_HTTP, NOT_TLS -> LayerEvent.TLS_PLAINTEXT;
            case HANDSHAKE_FAILED -> LayerEvent.TLS_HANDSHAKE_FAILED;
            case RENEGOTIATION -> LayerEvent.TLS_RENEGOTIATION;
            case BAD_RECORD -> LayerEvent.TLS_BAD_RECORD;
        });
        CloseReason reason = switch (e.kind()) {
            case PLAINTEXT_HTTP, NOT_TLS -> CloseReason.TLS_PLAINTEXT;
            case HANDSHAKE_FAILED -> CloseReason.TLS_HANDSHAKE_FAILED;
            case RENEGOTIATION -> CloseReason.TLS_RENEGOTIATION;
            case BAD_RECORD -> CloseReason.TLS_BAD_RECORD;
        };
        waiting = null;
        context.finishInput();
        try {
            writeCiphertext(); // the alert, or the plain 400 for an http:// client
            context.closeAfterOutput(reason);
        } catch (IOException io) {
            context.abort(CloseReason.of(io));
        }
    }

    /** {@code buffer} (read mode) with {@code more} after it, in a larger buffer when it has no room. */
    private static ByteBuffer append(ByteBuffer buffer, ByteBuffer more) {
        ByteBuffer target = buffer;
        if (buffer.capacity() - buffer.remaining() < more.remaining()) {
            target = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.remaining() + more.remaining()));
            target.put(buffer);
        } else if (buffer.position() == 0) {
            buffer.position(buffer.limit()).limit(buffer.capacity()); // nothing consumed: no copy (a large packet grows here)
        } else {
            buffer.compact();
        }
        return target.put(more).flip();
    }

    @Override
    public String toString() {
        return "TlsLayer";
    }

    /** The session's ciphertext goes to the layer below (the socket), which queues what it cannot write now. */
    private final class Downward implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            context.passDown(src);
            return n - src.remaining();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
