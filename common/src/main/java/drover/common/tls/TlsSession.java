package drover.common.tls;

import drover.common.buffer.OutboundBuffer;
import drover.common.tls.TlsException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The TLS of one server connection as a byte engine around the JDK's {@link SSLEngine}, knowing no
 * thread (the owner's loop calls it): {@link #receive} turns ciphertext into plaintext and answers
 * the handshake; {@link #send} turns plaintext into ciphertext. Ciphertext to write waits in this
 * session ({@link #writeTo}) and is bounded: {@code send} stops taking plaintext once
 * {@code outputBudget} bytes wait (or went to its channel in this call), so a large reply obeys
 * back-pressure record by record, and the memory of a connection is its budget plus one record each
 * way. Records are encrypted into a buffer the thread's sessions share and written from it, so a
 * reply costs no allocation and an idle session holds no record-sized buffer. Delegated tasks
 * (certificate checks, key exchange) run inline: they take a few hundred microseconds, less than a
 * hop to another thread.
 */
public final class TlsSession {
    /** Where the session stands; it only moves forward. */
    public enum State { HANDSHAKING, OPEN, CLOSED }

    /** How the peer's input ended, for the close reason and the counters. */
    public enum Ending {
        /** The peer sent close_notify: everything it sent arrived. */
        CLOSE_NOTIFY,
        /** The socket ended without close_notify: the last data may have been cut (a truncation attack, or a careless client). */
        TRUNCATED,
        /** The socket ended before the handshake completed. */
        HANDSHAKE_ABORTED
    }

    private static final byte HANDSHAKE_RECORD = 22;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** nginx answers the same way: the client is an HTTP client that forgot the s of https. */
    static final byte[] PLAINTEXT_HTTP_ANSWER = plaintextHttpAnswer("This port speaks TLS: use https:// to reach it.\n");

    private final SSLEngine engine;
    private final int outputBudget;
    private final long handshakeDeadlineNanos;
    /** Ciphertext waiting for the channel; empty (and of no capacity) while nothing waits, as on an idle connection. */
    private final OutboundBuffer outbound = new OutboundBuffer(0);
    private ByteBuffer plaintextIn;
    /** Where records are encrypted before they go to the channel (or to {@link #outbound}); empty between calls. */
    private final ByteBuffer ciphertextOut;
    private State state = State.HANDSHAKING;
    private boolean firstByteSeen;
    private boolean closeNotifyReceived;
    private TlsConnectionInfo info;
    /** The session's packet buffer size once the handshake is done; 0 before. */
    private int packetSize;

    /**
     * @param engine                 a server engine, e.g. from {@link ServerTlsContext#newEngine}
     * @param outputBudget           most ciphertext bytes waiting before {@link #send} takes no more plaintext
     * @param handshakeDeadlineNanos {@link System#nanoTime()} by which the handshake must be done
     */
    public TlsSession(SSLEngine engine, int outputBudget, long handshakeDeadlineNanos) throws SSLException {
        this(engine, outputBudget, handshakeDeadlineNanos, ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()));
    }

    /** With a shared plaintext buffer and a ciphertext buffer of its own. */
    public TlsSession(SSLEngine engine, int outputBudget, long handshakeDeadlineNanos, ByteBuffer sharedPlaintext)
            throws SSLException {
        this(engine, outputBudget, handshakeDeadlineNanos, sharedPlaintext,
                ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
    }

    /**
     * With a plaintext buffer shared by every session of one thread: plaintext is handed to the sink
     * before {@link #receive} returns, so one buffer per thread serves them all, and an idle
     * connection does not hold 16 KiB for it (100,000 connections would hold 1.6 GB).
     *
     * The ciphertext buffer may be shared the same way: {@link #send} empties it before it returns. A
     * direct one is written to a socket without the JDK's copy into a temporary direct buffer.
     *
     * @param sharedPlaintext  a heap or direct buffer of at least the engine's application buffer size
     * @param sharedCiphertext a heap or direct buffer of at least the engine's packet buffer size (one
     *                         record); larger ones let a large reply go to the channel in fewer writes
     */
    public TlsSession(SSLEngine engine, int outputBudget, long handshakeDeadlineNanos, ByteBuffer sharedPlaintext,
                      ByteBuffer sharedCiphertext) throws SSLException {
        if (outputBudget < 1) {
            throw new IllegalArgumentException("output budget " + outputBudget + " bytes: expected at least 1");
        }
        if (sharedCiphertext.capacity() < engine.getSession().getPacketBufferSize()) {
            throw new IllegalArgumentException("ciphertext buffer of " + sharedCiphertext.capacity()
                    + " bytes: expected at least one record, " + engine.getSession().getPacketBufferSize());
        }
        this.ciphertextOut = sharedCiphertext.clear();
        this.engine = engine;
        this.outputBudget = outputBudget;
        this.handshakeDeadlineNanos = handshakeDeadlineNanos;
        this.plaintextIn = sharedPlaintext.clear();
        engine.beginHandshake();
    }

    public State state() {
        return state;
    }

    /** True while the handshake is unfinished past its deadline: the owner closes the connection. */
    public boolean handshakeExpired(long nowNanos) {
        return state == State.HANDSHAKING && nowNanos - handshakeDeadlineNanos >= 0;
    }

    /** The smallest input buffer that holds a whole record; a full smaller one could never be decrypted. */
    public int minimumInputCapacity() {
        return engine.getSession().getPacketBufferSize();
    }

    /** What the handshake agreed; empty until it is done. */
    public Optional<TlsConnectionInfo> info() {
        return Optional.ofNullable(info);
    }

    /**
     * Decrypts the whole records in {@code ciphertext} (in read mode) and hands their plaintext to the sink;
     * a partial record stays in {@code ciphertext} for the next call. Answers the handshake on the way
     * (see {@link #pendingOutput()}). Once CLOSED, input is dropped.
     *
     * @throws TlsException the connection cannot go on: write what is pending, then close
     */
    public void receive(ByteBuffer ciphertext, PlaintextSink sink) throws TlsException {
        if (state == State.CLOSED) {
            ciphertext.position(ciphertext.limit());
            return;
        }
        plaintextIn.clear(); // shared with the thread's other sessions: nothing of theirs is left in it
        if (!firstByteSeen && ciphertext.hasRemaining()) {
            checkFirstByte(ciphertext.get(ciphertext.position()));
        }
        while (state != State.CLOSED && ciphertext.hasRemaining()) {
            if (state == State.OPEN && ciphertext.get(ciphertext.position()) == HANDSHAKE_RECORD) {
                // TLS 1.3 sends post-handshake messages inside application records, so a handshake
                // record after the handshake can only be a TLS 1.2 renegotiation.
                closeOutbound();
                throw failed(Kind.RENEGOTIATION, "the client began a renegotiation, which is refused", null);
            }
            SSLEngineResult result = unwrap(ciphertext);
            boolean wantsMore = deliver(sink);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                closeNotifyReceived = true;
                closeOutbound(); // answer close_notify with ours (RFC 8446 6.1)
                return;
            }
            boolean handshakeMoved = advanceHandshake(result.getHandshakeStatus());
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || !wantsMore
                    || (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && !handshakeMoved)) {
                return;
            }
        }
    }

    private SSLEngineResult unwrap(ByteBuffer ciphertext) throws TlsException {
        while (true) {
            SSLEngineResult result;
            try {
                result = engine.unwrap(ciphertext, plaintextIn);
            } catch (SSLException e) {
                flushAlert();
                throw failed(state == State.HANDSHAKING ? Kind.HANDSHAKE_FAILED : Kind.BAD_RECORD,
                        (state == State.HANDSHAKING ? "TLS handshake failed: " : "bad TLS record: ") + e.getMessage(), e);
            }
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            // The session's largest plaintext record grew (rare): make room and decrypt that record again.
            ByteBuffer larger = ByteBuffer.allocate(Math.max(plaintextIn.capacity() * 2,
                    engine.getSession().getApplicationBufferSize()));
            plaintextIn.flip();
            plaintextIn = larger.put(plaintextIn);
        }
    }

    private boolean deliver(PlaintextSink sink) {
        plaintextIn.flip();
        try {
            return !plaintextIn.hasRemaining() || sink.accept(plaintextIn);
        } finally {
            plaintextIn.clear();
        }
    }

    /**
     * Encrypts plaintext while less than the output budget waits; returns how many bytes it took
     * (0 while the handshake is under way, once the session is closed, or while the budget is spent).
     * The ciphertext waits for {@link #writeTo}. The caller keeps the rest and offers it again after
     * {@code writeTo} made room.
     */
    public int send(ByteBuffer plaintext) throws TlsException {
        try {
            return send(plaintext, null);
        } catch (IOException cannotHappen) { // nothing is written without a channel
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * As {@link #send(ByteBuffer)}, writing the records to {@code channel} as they are made: what it
     * does not take waits for {@link #writeTo}, behind what waited already. Takes plaintext until the
     * output budget is spent by what waits and what went to the channel in this call, so the caller's
     * loop hands the channel one budget's worth at a time. The channel must take or copy the bytes
     * it is given before it does anything else on this thread (another session may use the shared
     * ciphertext buffer next).
     *
     * @param channel null to keep every record for {@link #writeTo}
     */
    public int send(ByteBuffer plaintext, WritableByteChannel channel) throws TlsException, IOException {
        int before = plaintext.remaining();
        long written = 0;
        try {
            while (state == State.OPEN && plaintext.hasRemaining()
                    && outbound.pending() + written + ciphertextOut.position() < outputBudget) {
                if (ciphertextOut.remaining() < packetSize()) {
                    written += drainCiphertext(channel);
                }
                SSLEngineResult result = wrap(plaintext);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    state = State.CLOSED;
                } else if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                    written += drainCiphertext(channel); // a handshake message goes behind the records before it
                    advanceHandshake(result.getHandshakeStatus()); // a TLS 1.3 KeyUpdate may want an answer
                }
            }
        } finally {
            drainCiphertext(channel); // the shared buffer is empty again, even after a failure
        }
        return before - plaintext.remaining();
    }

    /** The records made in {@link #ciphertextOut} go to the channel, behind what waited; the rest waits. */
    private int drainCiphertext(WritableByteChannel channel) throws IOException {
        ciphertextOut.flip();
        int written = 0;
        try {
            if (channel != null && outbound.pending() > 0) {
                written += writeTo(channel);
            }
            if (channel != null && outbound.pending() == 0) {
                while (ciphertextOut.hasRemaining()) {
                    int n = channel.write(ciphertextOut);
                    if (n <= 0) {
                        break;
                    }
                    written += n;
                }
            }
            if (ciphertextOut.hasRemaining()) {
                outbound.room(ciphertextOut.remaining()).put(ciphertextOut);
            }
        } finally {
            ciphertextOut.clear();
        }
        return written;
    }

    private SSLEngineResult wrap(ByteBuffer plaintext) throws TlsException {
        try {
            // Room for one whole record: wrap never overflows, so it never has to be repeated.
            return engine.wrap(plaintext, ciphertextOut);
        } catch (SSLException e) {
            throw failed(Kind.BAD_RECORD, "TLS encryption failed: " + e.getMessage(), e);
        }
    }

    /** The largest record, fixed once the handshake is done (asking the engine takes two locks). */
    private int packetSize() {
        return packetSize > 0 ? packetSize : engine.getSession().getPacketBufferSize();
    }

    /** Sends close_notify (queued for {@link #writeTo}); nothing more is sent or received. */
    public void close() {
        if (state != State.CLOSED) {
            closeOutbound();
        }
    }

    /** The socket reached end of input: says whether the peer closed cleanly. */
    public Ending endOfInput() {
        Ending ending = closeNotifyReceived ? Ending.CLOSE_NOTIFY
                : state == State.HANDSHAKING ? Ending.HANDSHAKE_ABORTED : Ending.TRUNCATED;
        state = State.CLOSED;
        return ending;
    }

    /** Ciphertext (and alerts, or the plain-HTTP answer) waiting to be written. */
    public int pendingOutput() {
        return outbound.pending();
    }

    /** Writes waiting output while the channel takes it; returns the bytes written. */
    public int writeTo(WritableByteChannel channel) throws IOException {
        int written = outbound.writeTo(channel);
        outbound.releaseIfEmpty();
        return written;
    }

    private void checkFirstByte(byte first) throws TlsException {
        firstByteSeen = true;
        if (first == HANDSHAKE_RECORD) {
            return;
        }
        state = State.CLOSED;
        if (first >= 'A' && first <= 'Z') { // GET, POST, HEAD ...: an HTTP client that forgot the s of https
            outbound.room(PLAINTEXT_HTTP_ANSWER.length).put(PLAINTEXT_HTTP_ANSWER);
            throw new TlsException(Kind.PLAINTEXT_HTTP, "plaintext HTTP sent to a TLS port", null);
        }
        throw new TlsException(Kind.NOT_TLS, String.format("not TLS: the first byte is 0x%02x, expected 0x16 (a handshake record)",
                first & 0xFF), null);
    }

    /** Runs tasks and wraps handshake messages until the engine waits for input; true when it did anything. */
    private boolean advanceHandshake(HandshakeStatus status) throws TlsException {
        HandshakeStatus next = status;
        boolean moved = false;
        while (true) {
            switch (next) {
                case NEED_TASK -> {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                    next = engine.getHandshakeStatus();
                    moved = true;
                }
                case NEED_WRAP -> {
                    SSLEngineResult result = wrapHandshake();
                    next = result.getHandshakeStatus();
                    moved = true;
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        state = State.CLOSED;
                        return true;
                    }
                }
                case FINISHED -> {
                    onHandshakeFinished();
                    next = engine.getHandshakeStatus();
                }
                default -> { // NEED_UNWRAP, NEED_UNWRAP_AGAIN: wait for input; NOT_HANDSHAKING
                    if (next == HandshakeStatus.NOT_HANDSHAKING && state == State.HANDSHAKING) {
                        onHandshakeFinished();
                    }
                    return moved;
                }
            }
        }
    }

    // Handshake flights are a few kilobytes and bounded by the protocol, so they ignore the output budget.
    private SSLEngineResult wrapHandshake() throws TlsException {
        try {
            return engine.wrap(EMPTY, outbound.room(engine.getSession().getPacketBufferSize()));
        } catch (SSLException e) {
            flushAlert();
            throw failed(Kind.HANDSHAKE_FAILED, "TLS handshake failed: " + e.getMessage(), e);
        }
    }

    private void onHandshakeFinished() {
        if (state != State.HANDSHAKING) {
            return;
        }
        state = State.OPEN;
        var session = engine.getSession();
        packetSize = session.getPacketBufferSize();
        String alpn = engine.getApplicationProtocol();
        info = new TlsConnectionInfo(session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? Optional.empty() : Optional.of(alpn), peerSubject());
    }

    private Optional<String> peerSubject() {
        if (!engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
            return Optional.empty(); // no mutual TLS: asking would throw (and fill a stack trace) per handshake
        }
        try {
            List<Certificate> chain = List.of(engine.getSession().getPeerCertificates());
            return chain.isEmpty() || !(chain.getFirst() instanceof X509Certificate leaf) ? Optional.empty()
                    : Optional.of(leaf.getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            return Optional.empty(); // the client sent no certificate (only possible when merely wanted)
        }
    }

    private void closeOutbound() {
        engine.closeOutbound();
        flushAlert();
        state = State.CLOSED;
    }

    // After closeOutbound or a fatal error the engine holds close_notify or an alert: wrap moves it
    // out so the peer learns why. Bounded: an engine that keeps producing nothing is left alone.
    private void flushAlert() {
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            try {
                SSLEngineResult result = engine.wrap(EMPTY, outbound.room(engine.getSession().getPacketBufferSize()));
                if (result.bytesProduced() == 0) {
                    return;
                }
            } catch (SSLException e) {
                return; // the engine is past saying anything: the close alone tells the peer
            }
        }
    }

    private static byte[] plaintextHttpAnswer(String body) {
        return ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    private TlsException failed(Kind kind, String message, Throwable cause) {
        state = State.CLOSED;
        return new TlsException(kind, message, cause);
    }
}
