package drover.reactor;

import drover.common.buffer.GrowableBuffer;

import drover.common.frame.FrameType;
import drover.common.loop.IoHandler;
import drover.common.session.SessionId;
import drover.reactor.http.HttpFramer;
import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.PacketFramer;
import drover.reactor.protocol.PacketSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One client socket, owned by one reactor thread for its whole life. */
final class ClientConnection implements IoHandler {
    /** The first input buffer's size, and the smallest of the reactor thread's pool. */
    static final int INITIAL_INPUT = 16 * 1024;
    /** An emptied input buffer this large goes back to the pool: thousands of idle clients must not each keep a megabyte. */
    private static final int SHRINK_FROM = 1 << 20;
    /**
     * HTTP: the most requests of one connection handed to workers and not yet answered (pipelining
     * depth). With the output gate it bounds what a client that pipelines and does not read can make
     * the reactor hold, while still keeping a worker busy with the next request.
     */
    static final int MAX_HTTP_REQUESTS_IN_FLIGHT = 16;

    private final long sessionId;
    private final SocketChannel channel;
    private final String remoteAddress;
    private final PacketFramer framer;
    private final ReactorThread thread;
    private final OutputBuffer output = new OutputBuffer();
    private final PacketSink sink;
    /** The framer when the listener speaks HTTP (it has a 408 clock and may finish with the input); else null. */
    private final HttpFramer http;
    /** Lent by the thread's pool (direct, in fill mode); goes back when the connection is released. */
    private ByteBuffer input;
    /** The worker link whose ring {@link #input} is while a large packet is read straight into it; else null. */
    private WorkerLink inputLender;
    /** A read is framing packets: a close meanwhile leaves the input buffer to be given back after it. */
    private boolean reading;
    private SelectionKey key;
    private ConnectionState state = ConnectionState.OPEN;
    private int homeSlot;
    private boolean readingPaused;
    /** The link whose line this connection stands in, until its turn to read comes. */
    private WorkerLink waitingFor;
    /** The app asked to pause (Server.pause); independent of the link back-pressure above. */
    private boolean appPaused;
    /** BUFFER_FULL was sent and BUFFER_EMPTY not yet. */
    private boolean outputFull;
    /** HTTP: the last request is in (or was refused), so nothing more is read from this client. */
    private boolean inputDone;
    /** HTTP: a timer is pending for the request under way (at most one per connection). */
    private boolean deadlineArmed;
    private boolean overflowLogged;
    /** Packets handed to workers and not answered yet, and where they went. */
    private final PacketsInFlight inFlight;
    /** HTTP back-pressure: the framer holds the next request, and nothing is read, until there is room. */
    private boolean requestsHeld;
    private long lastReceiveNanos = System.nanoTime();

    ClientConnection(long sessionId, SocketChannel channel, int homeSlot, String remoteAddress,
                     PacketFramer framer, ReactorThread thread) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.homeSlot = homeSlot;
        this.remoteAddress = remoteAddress;
        this.framer = framer;
        this.thread = thread;
        this.sink = packet -> thread.dispatchPacket(this, packet);
        this.http = framer instanceof HttpFramer h ? h : null;
        this.inFlight = new PacketsInFlight(http != null);
        this.input = lend(INITIAL_INPUT);
    }

    private ByteBuffer lend(int capacity) {
        ByteBuffer buffer = thread.buffers().take(capacity);
        return buffer.limit(buffer.capacity());
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    long sessionId() {
        return sessionId;
    }

    /** The worker slot that gets this session's connect and close (and, in modes 2, 4 and 5, its packets). */
    int homeSlot() {
        return homeSlot;
    }

    /** dispatch_mode 5: the app bound a uid; later packets and the close go to its slot. */
    void moveHome(int slot) {
        homeSlot = slot;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    /** True while a worker's send or close may still act on this session. */
    boolean takesActions() {
        return state == ConnectionState.OPEN;
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        if (key.isValid() && key.isWritable()) {
            flush();
        }
        if (key.isValid() && key.isReadable() && state == ConnectionState.OPEN) {
            read(false);
        }
    }

    @Override
    public void onFailure(IOException error) {
        thread.closeConnection(this, CloseReason.of(error));
    }

    private void read(boolean inTurn) throws IOException {
        if (requestsHeld) {
            return; // HTTP back-pressure: the requests already read wait first
        }
        WorkerLink full = thread.dispatcher().blockingLink(homeSlot, inTurn);
        if (full != null) {
            pauseReading(full);
            return;
        }
        reading = true;
        try {
            readAndFrame();
        } finally {
            reading = false;
            if (state == ConnectionState.CLOSED) {
                returnInput();
            }
        }
    }

    private void readAndFrame() throws IOException {
        int n = channel.read(input);
        if (n < 0) {
            if (http != null) {
                http.endOfInput(sink); // the worker closes after the responses owed (RFC 9112 9.6)
                stopInput();
            } else {
                endOfInput();
            }
            return;
        }
        if (n == 0) {
            return;
        }
        lastReceiveNanos = System.nanoTime();
        thread.counters().bytesIn += n;
        input.flip();
        int nextPacketSize;
        try {
            nextPacketSize = framer.frame(input, sink);
        } catch (PacketFormatException e) {
            thread.rejectPacket(this, e.getMessage());
            return;
        }
        GrowableBuffer.compactUnlessUnread(input);
        if (http != null) {
            afterHttpInput();
        }
        if (inputLender != null) {
            if (input.position() == 0) { // the packet went: what follows is read into a pooled buffer
                returnInput();
                input = lend(INITIAL_INPUT);
            }
        } else if (nextPacketSize > input.capacity() && !readIntoRing(nextPacketSize)) {
            growInput(nextPacketSize);
        } else if (!input.hasRemaining()) {
            growInput(input.capacity() * 2); // raw framing with a full buffer, or a size not known yet
        } else if (input.position() == 0 && input.capacity() >= SHRINK_FROM) {
            // a large packet went through: its buffer goes back to the pool for the next one
            thread.buffers().release(input);
            input = lend(INITIAL_INPUT);
        }
    }

    /**
     * The HTTP framer is done with this client after a request that ends the connection or a
     * refusal, so stop reading: the worker writes the last response and closes. Otherwise, when a
     * request is under way, make sure a timer will check its 408 deadline.
     */
    private void afterHttpInput() {
        if (!http.wantsInput()) {
            stopInput();
        } else {
            armRequestDeadline();
        }
    }

    /** One timer per connection: armed when a request is under way, re-armed on firing for a later one. */
    private void armRequestDeadline() {
        if (deadlineArmed || !http.hasDeadline()) {
            return;
        }
        deadlineArmed = true;
        long delay = Math.max(0, http.deadlineNanos() - System.nanoTime());
        thread.timers().schedule(delay, this::checkRequestDeadline);
    }

    private void checkRequestDeadline() {
        deadlineArmed = false;
        if (state != ConnectionState.OPEN) {
            return;
        }
        if (http.expire(System.nanoTime(), sink)) { // the worker answers 408 and closes
            thread.counters().requestTimeouts++;
            stopInput();
        } else {
            armRequestDeadline();
        }
    }

    private void stopInput() {
        if (!inputDone) {
            inputDone = true;
            updateInterest(output.pending() == 0);
        }
    }

    /**
     * The client shut its side (half-close) or closed. Swoole ends the session here too; what it is
     * already owed gets one last non-blocking write, since a half-closed client may still read.
     */
    private void endOfInput() {
        try {
            output.flushTo(channel);
        } catch (IOException e) {
            thread.counters().closeErrors++; // it closed both ways: nothing more can reach it
        }
        thread.closeConnection(this, CloseReason.PEER_CLOSED);
    }

    /**
     * A large packet whose size is known (length framing) and whose worker is too is read straight
     * into that worker link's ring (large_payload=shm), sized to end where the packet ends, so no byte
     * of the next one lands there; the link then sends it without a copy. False when it cannot be.
     */
    private boolean readIntoRing(int packetSize) {
        if (http != null) {
            return false;
        }
        WorkerLink link = thread.linkForWholePacket(this);
        ByteBuffer space = link == null ? null : link.lendLarge(packetSize);
        if (space == null) {
            return false;
        }
        moveInputTo(space); // the packet's first bytes, from index 0 (the framer consumed what came before)
        inputLender = link;
        thread.counters().largeReadInPlace++;
        return true;
    }

    private void growInput(int capacity) {
        moveInputTo(lend(capacity));
    }

    /** The unread bytes go to the front of another buffer, which becomes the input; the old one goes back to the pool. */
    private void moveInputTo(ByteBuffer next) {
        input.flip();
        next.put(input);
        thread.buffers().release(input);
        input = next;
    }

    private void returnInput() {
        if (input != null) {
            if (inputLender != null) {
                inputLender.giveBack(input); // a packet cut short: its ring space is freed; nothing once sent
                inputLender = null;
            } else {
                thread.buffers().release(input);
            }
            input = null;
        }
    }

    /** Bytes waiting to be written. */
    int pendingOutput() {
        return output.pending();
    }

    /** Logs the first refused send of this connection only, so a flood does not flood the log too. */
    boolean firstOverflow() {
        boolean first = !overflowLogged;
        overflowLogged = true;
        return first;
    }

    /** Queues bytes from a worker and writes what the socket takes now. The caller checked the limit. */
    void send(ByteBuffer data) throws IOException {
        thread.counters().bytesOut += data.remaining();
        if (output.pending() == 0) {
            // nothing queued ahead of it: write straight from the link's buffer, keep only what the socket left
            while (data.hasRemaining() && channel.write(data) > 0) {
                // keep writing while the socket accepts bytes
            }
        }
        if (data.hasRemaining()) {
            output.append(data);
            thread.counters().outputPeak = Math.max(thread.counters().outputPeak, output.pending());
        }
        flush();
        if (!outputFull && state == ConnectionState.OPEN && output.pending() >= highWatermark()) {
            outputFull = true;
            thread.bufferWatermark(this, FrameType.BUFFER_FULL);
        }
    }

    // Swoole's buffer_high_watermark default: 80% of the output buffer, leaving room for what is in flight.
    private int highWatermark() {
        return (int) (thread.bufferOutputSize() * 0.8);
    }

    /** Closes after the output drains (a worker's close), or now when nothing is pending. */
    void closeAfterFlush() throws IOException {
        if (state != ConnectionState.OPEN) {
            return;
        }
        moveTo(ConnectionState.CLOSING);
        flush();
    }

    /** Drops unsent output and closes with a reset (SO_LINGER 0), as the app asked. */
    void reset() {
        abort(CloseReason.SERVER_RESET);
    }

    /**
     * Drops unsent output and closes with a reset: a response cut short must not end with a FIN,
     * which a client reading until the close (HTTP/1.0 streaming) would take for its end.
     */
    void abort(CloseReason reason) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            thread.counters().closeErrors++; // already broken: the close below ends it anyway
        }
        thread.closeConnection(this, reason);
    }

    boolean isHttp() {
        return http != null;
    }

    /** A packet of this connection went to that worker (ReactorThread.dispatchPacket). */
    void dispatched(int slot, int generation) {
        inFlight.dispatched(slot, generation);
        if (http != null && !requestsHeld && !mayTakeRequest()) {
            requestsHeld = true;
            http.holdBetweenRequests(true);
        }
    }

    /** Bytes from a worker for this session were queued: part of an answer, or (raw) the answer. */
    void answerSent() {
        inFlight.bytesSent();
    }

    /** HTTP: a worker says the oldest request's response is whole (FrameType.RESPONSE_END). */
    void responseEnded() throws IOException {
        inFlight.responseEnded();
        takeHeldRequests();
    }

    /**
     * HTTP back-pressure (docs/HTTP.md): the next request is taken only while the unsent output is
     * under buffer_output_size and fewer than {@link #MAX_HTTP_REQUESTS_IN_FLIGHT} are unanswered.
     * The limit gates new requests, never part of a response already under way.
     */
    private boolean mayTakeRequest() {
        return output.pending() < thread.bufferOutputSize() && inFlight.size() < MAX_HTTP_REQUESTS_IN_FLIGHT;
    }

    /** There is room again: frames the requests already read, then reads the client again unless held anew. */
    private void takeHeldRequests() throws IOException {
        if (!requestsHeld || state != ConnectionState.OPEN || !mayTakeRequest()) {
            return;
        }
        requestsHeld = false;
        http.holdBetweenRequests(false);
        reading = true;
        try {
            input.flip();
            http.frame(input, sink);
            GrowableBuffer.compactUnlessUnread(input);
            afterHttpInput();
        } finally {
            reading = false;
            if (state == ConnectionState.CLOSED) {
                returnInput();
            }
        }
        updateInterest(output.pending() == 0);
    }

    /**
     * The worker of that slot and generation exited: what it held of this connection will never be
     * answered. HTTP: a 502 with Connection: close when nothing of the current response was written,
     * else a reset (a response cut short must not look whole). Other protocols: the connection is
     * closed after its pending output, unless the exit was expected (reload, stop) or
     * close_on_worker_exit is off. Returns whether the connection was answered or closed.
     */
    boolean workerExited(int slot, int generation, boolean expected, byte[] badGateway) throws IOException {
        if (state != ConnectionState.OPEN || !inFlight.heldBy(slot, generation)) {
            return false;
        }
        if (http == null) {
            if (expected || !thread.closesOnWorkerExit()) {
                return false;
            }
            closeAfterFlush();
            return true;
        }
        if (inFlight.answerStarted()) {
            abort(CloseReason.WORKER_EXITED);
        } else {
            moveTo(ConnectionState.CLOSING); // first, so no request pipelined behind is taken while it is written
            send(ByteBuffer.wrap(badGateway));
        }
        return true;
    }

    private void flush() throws IOException {
        boolean drained = output.flushTo(channel);
        if (requestsHeld) {
            takeHeldRequests(); // the client read some: maybe room for its next request
        }
        if (drained && outputFull && state == ConnectionState.OPEN) {
            outputFull = false;
            thread.bufferWatermark(this, FrameType.BUFFER_EMPTY);
        }
        if (drained && state == ConnectionState.CLOSING) {
            thread.closeConnection(this, CloseReason.SERVER_CLOSED);
            return;
        }
        updateInterest(drained);
    }

    /** Stops reading until the link drains (null: server drain, reading never resumes). */
    void pauseReading(WorkerLink until) {
        if (!readingPaused) {
            readingPaused = true;
            if (until != null) {
                until.pause(this);
                waitingFor = until;
            }
            updateInterest(output.pending() == 0);
        }
    }

    void resumeReading() {
        if (readingPaused && state == ConnectionState.OPEN && !thread.isDraining()) {
            readingPaused = false;
            updateInterest(output.pending() == 0);
        }
    }

    /** Its link has room again and its turn has come: reads now rather than whenever the selector gets to it. */
    void readAfterResume() throws IOException {
        if (waitingFor != null) {
            waitingFor.turnTaken();
            waitingFor = null;
        }
        resumeReading();
        if (!readingPaused && !appPaused && !inputDone && !requestsHeld && state == ConnectionState.OPEN) {
            read(true);
        }
    }

    /** Server.pause: read nothing more until the app resumes; the client's bytes wait in the kernel. */
    void pauseByApp() {
        appPaused = true;
        updateInterest(output.pending() == 0);
    }

    void resumeByApp() {
        appPaused = false;
        updateInterest(output.pending() == 0);
    }

    private void updateInterest(boolean drained) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = (readingPaused || appPaused || inputDone || requestsHeld || state != ConnectionState.OPEN)
                ? 0 : SelectionKey.OP_READ;
        if (!drained) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Releases the socket; the caller tells the worker. Returns false when it was already closed. */
    boolean release() {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        moveTo(ConnectionState.CLOSED);
        if (!reading) {
            returnInput(); // else read() does, once the framer is done with it
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to save, the session ends either way
            thread.counters().closeErrors++;
        }
        return true;
    }

    private void moveTo(ConnectionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("session " + SessionId.format(sessionId) + ": " + state + " -> " + next);
        }
        state = next;
    }

    static InetAddress addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof java.net.InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
