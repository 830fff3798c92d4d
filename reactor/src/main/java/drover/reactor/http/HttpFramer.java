package drover.reactor.http;

import drover.common.buffer.GrowableBuffer;
import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpStatus;
import drover.common.http.HttpTokens;
import drover.reactor.protocol.PacketFramer;
import drover.reactor.protocol.PacketSink;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Swoole's {@code open_http_protocol}: cuts one connection's bytes into HTTP/1.1 requests and
 * hands each to the sink as one packet in {@link HttpPacketEncoder}'s encoding, in arrival order
 * (pipelining). Differences from the other framers, and why:
 * <ul>
 * <li>A packet is not a slice of the input: the head is re-encoded and a chunked body decoded, so
 *     packets are built in a buffer of the framer's own, reused from request to request.</li>
 * <li>Body bytes are consumed as they arrive, so {@link #frame} never asks the caller to grow its
 *     input beyond one head; it always returns 0.</li>
 * <li>It never throws {@link drover.reactor.protocol.PacketFormatException}. A bad request becomes a
 *     REJECT packet, and an owed 100 Continue a CONTINUE packet: both must reach the client after
 *     the responses to requests pipelined before them, and only the worker, which answers in
 *     order, knows when those are written. After a REJECT, or a request that ends the connection,
 *     the framer discards all further input ({@link #wantsInput()} turns false).</li>
 * <li>It keeps the 408 deadline: {@link #hasDeadline()}, {@link #deadlineNanos()} and
 *     {@link #expire} for the reactor's timers, on the clock given to the constructor.</li>
 * </ul>
 * One instance per connection; not thread-safe.
 */
public final class HttpFramer implements PacketFramer {
    private static final int INITIAL_PACKET = 512;
    private static final byte[] CONTINUE_PACKET = HttpPacketEncoder.continueOwed();

    private enum Phase { HEAD, FIXED_BODY, CHUNKED_BODY, CLOSED }

    private final HttpLimits limits;
    private final LongSupplier nanoClock;
    private final HeadParser head;
    private final ChunkedBodyDecoder chunked;
    private final RequestDeadline deadline;
    private GrowableBuffer packet;
    private Phase phase = Phase.HEAD;
    /** HEAD phase: bytes of the buffered head already searched for its end without finding it. */
    private int scanned;
    /** HEAD phase: empty lines skipped before this request line. */
    private int blankBytes;
    private long bodyLeft;
    /** Back-pressure: take no further request from the input until released (the bytes stay there). */
    private boolean held;

    public HttpFramer(HttpLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.head = new HeadParser(limits.bodyMax());
        this.chunked = new ChunkedBodyDecoder(limits.bodyMax(), limits.headMax());
        this.deadline = new RequestDeadline(limits.requestTimeoutNanos());
    }

    @Override
    public int frame(ByteBuffer in, PacketSink sink) {
        try {
            while (!(held && phase == Phase.HEAD) && step(in, sink)) {
                // each step consumed a whole head, a body, or emitted a request; a hold stops it between requests
            }
        } catch (HttpRejection rejection) {
            reject(rejection.status(), rejection.getMessage(), sink);
        }
        if (phase == Phase.CLOSED) {
            in.position(in.limit());
        }
        // a request waiting behind a hold is not late: its clock starts once it is taken
        deadline.update(phase == Phase.FIXED_BODY || phase == Phase.CHUNKED_BODY
                || (phase == Phase.HEAD && in.hasRemaining() && !held), nanoClock.getAsLong());
        return 0;
    }

    /** False while the framer needs more input, or has finished with this connection. */
    private boolean step(ByteBuffer in, PacketSink sink) throws HttpRejection {
        switch (phase) {
            case HEAD -> {
                return headStep(in, sink);
            }
            case FIXED_BODY -> {
                int n = (int) Math.min(bodyLeft, in.remaining());
                packet.room(n).put(in.slice(in.position(), n));
                in.position(in.position() + n);
                bodyLeft -= n;
                if (bodyLeft > 0) {
                    return false;
                }
                packet.room(2).putShort((short) 0); // no trailers
                emitRequest(sink);
                return true;
            }
            case CHUNKED_BODY -> {
                if (!chunked.decode(in, packet)) {
                    return false;
                }
                emitRequest(sink);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean headStep(ByteBuffer in, PacketSink sink) throws HttpRejection {
        if (!skipEmptyLines(in)) {
            return false;
        }
        int start = in.position();
        int end = findHeadEnd(in, start);
        if (end < 0) {
            return false;
        }
        if (packet == null) {
            packet = new GrowableBuffer(INITIAL_PACKET);
        }
        head.parse(in, start, end, packet.room(2 * (end - start) + 32));
        in.position(end);
        scanned = 0;
        blankBytes = 0;
        if (head.chunked) {
            chunked.start(head.bodyLengthAt);
            phase = Phase.CHUNKED_BODY;
        } else if (head.contentLength > 0) {
            packet.buffer().putInt(head.bodyLengthAt, (int) head.contentLength);
            bodyLeft = head.contentLength;
            phase = Phase.FIXED_BODY;
        } else {
            packet.room(2).putShort((short) 0); // no body, no trailers
            emitRequest(sink);
            return true;
        }
        // RFC 9110 §10.1.1: no need for a 100 when the client has already started sending the body.
        if (head.expectContinue && !in.hasRemaining()) {
            sink.onPacket(ByteBuffer.wrap(CONTINUE_PACKET).asReadOnlyBuffer());
        }
        return true;
    }

    /**
     * RFC 9112 §2.2: empty lines before a request line are ignored (some clients send a CRLF after a
     * body), up to http_header_max of them. False when the input ends inside one.
     */
    private boolean skipEmptyLines(ByteBuffer in) throws HttpRejection {
        if (scanned > 0) {
            return true;
        }
        while (in.hasRemaining() && in.get(in.position()) == '\r') {
            if (in.remaining() < 2) {
                return false;
            }
            if (in.get(in.position() + 1) != '\n') {
                throw HttpRejection.badRequest("bare CR before the request line");
            }
            in.position(in.position() + 2);
            blankBytes += 2;
            if (blankBytes > limits.headMax()) {
                throw HttpRejection.badRequest("more than http_header_max " + limits.headMax()
                        + " bytes of empty lines before the request line");
            }
        }
        return in.hasRemaining();
    }

    /**
     * Just past the CRLFCRLF ending the head that starts at start, or -1 when it has not all
     * arrived. Searches only bytes not searched before, and only http_header_max of them. A bare LF
     * is refused here, or a head made of them would wait for the size limit or the timeout.
     */
    private int findHeadEnd(ByteBuffer in, int start) throws HttpRejection {
        int window = (int) Math.min(in.limit(), (long) start + limits.headMax());
        if (scanned == 0) {
            checkMethodSoFar(in, start, window);
        }
        for (int i = start + scanned; i < window; i++) {
            if (in.get(i) == '\n') {
                if (i == start || in.get(i - 1) != '\r') {
                    throw HttpRejection.badRequest("line ends with a bare LF");
                }
                if (i - start >= 3 && in.get(i - 2) == '\n') {
                    return i + 1;
                }
            }
        }
        scanned = window - start;
        if (scanned >= limits.headMax()) {
            throw requestLineEnds(in, start, window)
                    ? new HttpRejection(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                            "request head exceeds http_header_max " + limits.headMax())
                    : new HttpRejection(HttpStatus.URI_TOO_LONG,
                            "request line exceeds http_header_max " + limits.headMax());
        }
        return -1;
    }

    /** Refuses at once what cannot be a method (TLS or other protocols), rather than waiting for a head. */
    private static void checkMethodSoFar(ByteBuffer in, int start, int window) throws HttpRejection {
        for (int i = start; i < window; i++) {
            int b = in.get(i) & 0xFF;
            if (b == ' ' && i > start) {
                return;
            }
            if (!HttpTokens.isTchar(b)) {
                throw HttpRejection.badRequest("request line must start with a method token; got byte 0x"
                        + HeadParser.hex(in.get(i)));
            }
        }
    }

    private static boolean requestLineEnds(ByteBuffer in, int start, int window) {
        for (int i = start; i + 1 < window; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return true;
            }
        }
        return false;
    }

    private void emitRequest(PacketSink sink) {
        phase = head.keepAlive ? Phase.HEAD : Phase.CLOSED;
        ByteBuffer buffer = packet.buffer();
        buffer.flip();
        try {
            sink.onPacket(buffer); // read mode, exactly the packet: no slice needed
        } finally {
            buffer.clear();
            packet.shrinkIfEmpty();
        }
    }

    private void reject(HttpStatus status, String why, PacketSink sink) {
        phase = Phase.CLOSED;
        if (packet != null) {
            packet.buffer().clear();
            packet.shrinkIfEmpty();
        }
        sink.onPacket(ByteBuffer.wrap(HttpPacketEncoder.reject(status, why)));
    }

    /**
     * The client closed its sending side. A half-closed client may still read, so rather than
     * closing now (and losing the responses it waits for) the worker is told to close after them;
     * a request cut off by the close is dropped. Nothing is emitted once the framer is closed.
     */
    public void endOfInput(PacketSink sink) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        if (packet != null) {
            packet.buffer().clear();
            packet.shrinkIfEmpty();
        }
        sink.onPacket(ByteBuffer.wrap(HttpPacketEncoder.inputEnded()));
    }

    /**
     * HTTP back-pressure: while held, {@link #frame} stops before the next request's head, leaving its
     * bytes in the input, so the caller can stop dispatching (and reading) a connection whose
     * responses pile up. A request already begun is taken whole first.
     */
    public void holdBetweenRequests(boolean hold) {
        held = hold;
    }

    /**
     * The server is stopping: the next request whose head is read is the connection's last, as if the
     * client had sent Connection: close (the worker's response says so and closes).
     */
    public void takeLastRequest() {
        head.lastOnConnection = true;
    }

    /** False once the connection's last request is in or it was rejected: further input is discarded. */
    public boolean wantsInput() {
        return phase != Phase.CLOSED;
    }

    /** Whether part of a request has been read and the rest has not. */
    public boolean requestUnderWay() {
        return phase == Phase.FIXED_BODY || phase == Phase.CHUNKED_BODY || (phase == Phase.HEAD && deadline.underWay());
    }

    /** Whether a request is under way with a time limit. */
    public boolean hasDeadline() {
        return phase != Phase.CLOSED && deadline.isSet();
    }

    /** The nanoTime at which the request under way times out; meaningful only when {@link #hasDeadline()}. */
    public long deadlineNanos() {
        return deadline.deadlineNanos();
    }

    /**
     * Called by the reactor's timer: when the request under way is past its deadline, emits a 408
     * REJECT and closes the framer.
     *
     * @return whether it expired
     */
    public boolean expire(long nowNanos, PacketSink sink) {
        if (phase == Phase.CLOSED || !deadline.hasExpired(nowNanos)) {
            return false;
        }
        reject(HttpStatus.REQUEST_TIMEOUT, "request not complete within http_request_timeout "
                + limits.requestTimeoutNanos() / 1_000_000_000L + " s", sink);
        return true;
    }
}
