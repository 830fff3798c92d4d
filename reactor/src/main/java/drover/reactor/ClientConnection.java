package drover.reactor;

import drover.common.buffer.GrowableBuffer;
import drover.common.frame.FrameType;
import drover.common.frame.ProxyConnectInfo;
import drover.common.frame.WebSocketWire;
import drover.common.log.Log;
import drover.common.loop.IoHandler;
import drover.common.session.SessionId;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.ConnectionPort;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.ProtocolLayer;
import drover.reactor.protocol.ProtocolStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One client socket, owned by one reactor thread for its whole life. It reads and writes, manages
 * its input buffer and its readiness, and knows no protocol: its {@link ProtocolStack} does
 * (docs/ARCHITECTURE.md, "The protocol stack").
 */
final class ClientConnection implements IoHandler, ConnectionPort {
    private final long sessionId;
    private final SocketChannel channel;
    /** "ip:port"; a PROXY header may name the original client instead (clientIdentified). */
    private String remoteAddress;
    private final ConnectionHost host;
    private final ConnectionResources shared;
    private final OutputBuffer output = new OutputBuffer();
    private final ProtocolStack stack;
    /** Goes back to the pool (or the ring) when the connection is released. */
    private final ClientInput input;
    /** A read is framing packets: a close meanwhile leaves the input buffer to be given back after it. */
    private boolean reading;
    private SelectionKey key;
    private ConnectionState state = ConnectionState.OPEN;
    private int homeSlot;
    private final ReadGate gate = new ReadGate();
    /** The link whose line this connection stands in, until its turn to read comes. */
    private WorkerLink waitingFor;
    /** BUFFER_FULL was sent and BUFFER_EMPTY not yet. */
    private boolean outputFull;
    private boolean overflowLogged;
    /** Why the connection ends once its output is written (closeAfterOutput). */
    private CloseReason closeReason = CloseReason.SERVER_CLOSED;
    /** Packets handed to workers and not answered yet, and where they went. */
    private final PacketsInFlight inFlight;
    private long lastReceiveNanos = System.nanoTime();
    /** The listener's CONNECT flags (HTTP), kept for a CONNECT that waits for a layer. */
    int connectFlags;
    /** Its worker has had its CONNECT, so it is owed a CLOSE. */
    boolean announced;
    /** What a PROXY header said besides the client's address, for the CONNECT; null without one. */
    private ProxyConnectInfo proxy;
    /** A WebSocket was established on this connection: every worker was told, and is told its end. */
    private boolean webSocket;
    /** The WebSocket's close status, once its layer knows it; 1006 (abnormal) until then. */
    private int webSocketCode = 1006;
    private String webSocketReason = "";

    ClientConnection(long sessionId, SocketChannel channel, int homeSlot, String remoteAddress,
                     List<ProtocolLayer> layers, ConnectionHost host, ConnectionResources shared) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.homeSlot = homeSlot;
        this.remoteAddress = remoteAddress;
        this.host = host;
        this.shared = shared;
        this.stack = new ProtocolStack(layers, this);
        this.inFlight = new PacketsInFlight(stack.answersEachMessage());
        this.input = new ClientInput(shared.buffers(), shared.counters());
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    @Override
    public long sessionId() {
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

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The original client's "ip:port", from a PROXY header. */
    void remoteIs(String address) {
        remoteAddress = address;
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
        host.close(this, CloseReason.of(error));
    }

    private void read(boolean inTurn) throws IOException {
        if (gate.layerHeld) {
            return; // the layer's back-pressure: the messages already read wait first
        }
        WorkerLink full = host.blockingLink(this, inTurn);
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
                input.release();
            }
        }
    }

    private void readAndFrame() throws IOException {
        int n = input.readFrom(channel);
        if (n < 0) {
            stack.inputEnded();
            return;
        }
        if (n == 0) {
            return;
        }
        lastReceiveNanos = System.nanoTime();
        shared.counters().bytesIn += n;
        int nextPacketSize = frameInput();
        if (nextPacketSize >= 0 && state != ConnectionState.CLOSED) {
            input.makeRoom(nextPacketSize, input.outgrownBy(nextPacketSize) ? host.linkForWholePacket(this) : null);
        }
    }

    /** Offers the bytes read to the stack; the next message's size when known, -1 when refused. */
    private int frameInput() {
        int next;
        try {
            next = stack.input(input.unread());
        } catch (PacketFormatException e) {
            input.compact();
            reject(e.getMessage());
            return -1;
        }
        input.compact();
        return next;
    }

    // ---- what the stack asks (ConnectionPort) ----

    @Override
    public void deliver(ByteBuffer message) {
        host.dispatch(this, message);
    }

    /** Queues bytes for the socket and writes what it takes now. */
    @Override
    public void write(ByteBuffer data) throws IOException {
        if (state == ConnectionState.CLOSED) {
            data.position(data.limit()); // a layer finishing its output after the close: nobody to read it
            return;
        }
        shared.counters().bytesOut += data.remaining();
        if (output.pending() == 0) {
            // nothing queued ahead of it: write straight from the caller's buffer, keep only what the socket left
            while (data.hasRemaining() && channel.write(data) > 0) {
                // keep writing while the socket accepts bytes
            }
        }
        if (data.hasRemaining()) {
            output.append(data);
            shared.counters().outputPeak = Math.max(shared.counters().outputPeak, output.pending());
        }
        flush();
    }

    /**
     * The client shut its side (half-close) or closed. Swoole ends the session here too; what it is
     * already owed gets one last non-blocking write, since a half-closed client may still read.
     */
    @Override
    public void inputEnded() {
        try {
            output.flushTo(channel);
        } catch (IOException e) {
            shared.counters().closeErrors++; // it closed both ways: nothing more can reach it
        }
        host.close(this, CloseReason.PEER_CLOSED);
    }

    @Override
    public void beginClose() {
        if (state == ConnectionState.OPEN) {
            moveTo(ConnectionState.CLOSING);
        }
    }

    @Override
    public void holdInput(boolean held) {
        if (held == gate.layerHeld) {
            return;
        }
        gate.layerHeld = held;
        if (!held && state == ConnectionState.OPEN && !input.isReleased()) {
            // the messages already read go first; the stack may hold again meanwhile
            boolean withinRead = reading;
            reading = true;
            try {
                frameInput();
            } finally {
                reading = withinRead;
                if (!withinRead && state == ConnectionState.CLOSED) {
                    input.release();
                }
            }
        }
        updateInterest(output.pending() == 0);
    }

    @Override
    public void finishInput() {
        if (!gate.inputDone) {
            gate.inputDone = true;
            updateInterest(output.pending() == 0);
        }
    }

    @Override
    public void clientIdentified(InetSocketAddress client) {
        clientIdentified(client, null);
    }

    @Override
    public void clientIdentified(InetSocketAddress client, ProxyConnectInfo proxy) {
        if (state != ConnectionState.OPEN || announced) {
            return;
        }
        if (client != null) {
            host.clientIs(this, client);
            this.proxy = proxy;
        }
        if (!stack.delaysConnect()) { // no TLS above: the address was all the CONNECT waited for
            announce(0, remoteAddress.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        host.schedule(delayNanos, () -> {
            if (state == ConnectionState.OPEN) {
                task.run();
            }
        });
    }

    @Override
    public void closeAfterOutput() throws IOException {
        closeAfterOutput(CloseReason.SERVER_CLOSED);
    }

    @Override
    public void closeAfterOutput(CloseReason reason) throws IOException {
        if (state != ConnectionState.OPEN) {
            return;
        }
        closeReason = reason;
        moveTo(ConnectionState.CLOSING);
        stack.closing();
        flush();
    }

    /**
     * Drops unsent output and closes with a reset: a response cut short must not end with a FIN,
     * which a client reading until the close (HTTP/1.0 streaming) would take for its end.
     */
    @Override
    public void abort(CloseReason reason) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            shared.counters().closeErrors++; // already broken: the close below ends it anyway
        }
        host.close(this, reason);
    }

    @Override
    public void reject(String why) {
        shared.counters().rejectedPackets++;
        // rate-limited: any client can send bad packets as fast as it can connect (a flood filled a disk)
        Log.warnThrottled("rejected packet", "session " + SessionId.format(sessionId) + " from "
                + remoteAddress + ": " + why + "; closing the connection");
        host.close(this, CloseReason.BAD_PACKET);
    }

    @Override
    public int pendingOutput() {
        return output.pending();
    }

    @Override
    public int bufferOutputSize() {
        return shared.bufferOutputSize();
    }

    @Override
    public int messagesInFlight() {
        return inFlight.size();
    }

    @Override
    public boolean closesOnWorkerExit() {
        return shared.closesOnWorkerExit();
    }

    @Override
    public void webSocketOpened() {
        if (!webSocket) {
            webSocket = true;
            host.toAllWorkers(FrameType.CONNECT, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG, sessionId,
                    remoteAddress.getBytes(StandardCharsets.UTF_8), -1);
        }
    }

    @Override
    public void webSocketEnded(int code, String reason) {
        webSocketCode = code;
        webSocketReason = reason;
    }

    /** Whether a WebSocket was established here (the workers' sets of established connections hold it). */
    boolean isWebSocket() {
        return webSocket;
    }

    /** The WebSocket close status for the worker's CLOSE (WebSocketWire.close). */
    byte[] webSocketCloseStatus() {
        return WebSocketWire.close(webSocketCode, webSocketReason);
    }

    @Override
    public void count(LayerEvent event) {
        switch (event) {
            case REQUEST_TIMEOUT -> shared.counters().requestTimeouts++;
            case PROXY_REFUSED -> shared.counters().proxyRefused++;
            default -> shared.counters().tls.count(event);
        }
    }

    @Override
    public void announce(int flags, byte[] payload) {
        if (!announced && state == ConnectionState.OPEN) {
            if (proxy != null) { // what the PROXY header said besides the address, after the rest
                host.announce(this, flags | FrameType.PROXY_SESSION_FLAG, proxy.appendTo(payload));
            } else {
                host.announce(this, flags, payload);
            }
        }
    }

    /** A layer announces the session itself (PROXY once its header is read, TLS once its handshake is done). */
    boolean delaysConnect() {
        return stack.delaysConnect();
    }

    /** The connection's own queue and what its layers hold (a TLS layer's plaintext not yet encrypted). */
    private long queuedOutput() {
        return (long) output.pending() + stack.heldOutput();
    }

    // ---- what the workers ask ----

    /**
     * A worker's bytes for this client: queued unless over the stack's output limit, then refused
     * whole. Returns why it was refused (for the worker), or null.
     */
    String sendFromWorker(ByteBuffer data) throws IOException {
        return sendFromWorker(data, 0);
    }

    /** As {@link #sendFromWorker(ByteBuffer)}; with flags (a WebSocket push) the top layer frames the bytes. */
    String sendFromWorker(ByteBuffer data, int flags) throws IOException {
        long limit = stack.outputLimit();
        if (queuedOutput() + data.remaining() > limit) {
            String why = "output buffer full: " + queuedOutput() + " bytes waiting + " + data.remaining() + " sent > "
                    + (limit > shared.bufferOutputSize() ? "buffer_output_size + largest message " : "buffer_output_size ")
                    + limit;
            stack.outputRefused(why);
            if (state == ConnectionState.OPEN && !overflowLogged) {
                overflowLogged = true; // once per connection, and rate-limited: many slow clients are many connections
                Log.warnThrottled("output buffer full", "session " + SessionId.format(sessionId) + " from "
                        + remoteAddress + ": " + why + "; refusing sends until it drains (logged once per connection)");
            }
            return why;
        }
        if (flags == 0) {
            stack.output(data);
        } else if (!stack.layerFrame(FrameType.SEND, flags, data)) {
            return "the connection takes no flagged send (flags " + flags + "): it is not a WebSocket";
        }
        inFlight.bytesSent();
        if (!outputFull && state == ConnectionState.OPEN && queuedOutput() >= highWatermark()) {
            outputFull = true;
            host.watermark(this, FrameType.BUFFER_FULL);
        }
        return null;
    }

    // Swoole's buffer_high_watermark default: 80% of the output buffer, leaving room for what is in flight.
    private int highWatermark() {
        return (int) (shared.bufferOutputSize() * 0.8);
    }

    /** Drops unsent output and closes with a reset (SO_LINGER 0), as the app asked. */
    void reset() {
        abort(CloseReason.SERVER_RESET);
    }

    /** A packet of this connection went to that worker (the host's dispatch). */
    void dispatched(int slot, int generation) {
        inFlight.dispatched(slot, generation);
    }

    /** A worker says the oldest message's answer is whole (FrameType.RESPONSE_END). */
    void responseEnded() throws IOException {
        inFlight.responseEnded();
        if (state == ConnectionState.OPEN) {
            stack.responseEnded();
        }
    }

    /**
     * A worker's frame flagged for the top layer (FrameType.WEBSOCKET_FLAG on RESPONSE_END or
     * CLOSE_REQUEST). Returns false when the layer takes none (stale).
     */
    boolean layerFrame(FrameType type, int flags, ByteBuffer payload) throws IOException {
        if (type == FrameType.RESPONSE_END) {
            inFlight.responseEnded();
        }
        boolean taken = state == ConnectionState.OPEN && stack.layerFrame(type, flags, payload);
        if (taken && !stack.answersEachMessage()) {
            inFlight.stopCountingResponses(); // upgraded: messages are no longer requests
        }
        return taken;
    }

    /** heartbeat_idle_time passed: true when the protocol closes the connection itself (WebSocket: 1001). */
    boolean closeIdle() throws IOException {
        return state == ConnectionState.OPEN && stack.idle();
    }

    /** The server stops: the protocol's last words (WebSocket: a close frame with 1001) before the close. */
    void serverStopping() {
        if (state == ConnectionState.OPEN) {
            try {
                stack.serverStopping();
            } catch (IOException e) {
                shared.counters().closeErrors++; // it is closed right after either way
            }
        }
    }

    /**
     * The worker of that slot and generation exited: what it held of this connection will never be
     * answered; its stack's top layer says what the client gets. Returns whether the connection was
     * answered or closed.
     */
    boolean workerExited(int slot, int generation, boolean expected) throws IOException {
        if (state != ConnectionState.OPEN || !inFlight.heldBy(slot, generation)) {
            return false;
        }
        return stack.workerLost(inFlight.answerStarted(), expected);
    }

    private void flush() throws IOException {
        output.flushTo(channel);
        // a closing connection still lets a layer pass down what it holds (TLS encrypts the rest of a reply)
        if (state == ConnectionState.OPEN || (state == ConnectionState.CLOSING && stack.heldOutput() > 0)) {
            stack.outputWritten();
        }
        if (state == ConnectionState.CLOSED) {
            return; // the layers' output ended the connection meanwhile
        }
        boolean drained = queuedOutput() == 0;
        if (drained && outputFull && state == ConnectionState.OPEN) {
            outputFull = false;
            host.watermark(this, FrameType.BUFFER_EMPTY);
        }
        if (drained && state == ConnectionState.CLOSING) {
            host.close(this, closeReason);
            return;
        }
        updateInterest(output.pending() == 0); // OP_WRITE only while the socket has bytes to take
    }

    /**
     * The server is stopping and reads on for a while: the protocol ends the connection where it may
     * (HTTP), or the app is asked to (onDrain).
     */
    void drain() throws IOException {
        if (state == ConnectionState.OPEN && !stack.drain()) {
            host.askAppToEnd(this);
        }
    }

    /** Stops reading until the link drains (null: server drain, reading never resumes). */
    void pauseReading(WorkerLink until) {
        if (!gate.linkPaused) {
            gate.linkPaused = true;
            if (until != null) {
                until.pause(this);
                waitingFor = until;
            }
            updateInterest(output.pending() == 0);
        }
    }

    /** Its link has room again and its turn has come: reads now rather than whenever the selector gets to it. */
    void readAfterResume() throws IOException {
        if (waitingFor != null) {
            waitingFor.turnTaken();
            waitingFor = null;
        }
        if (gate.linkPaused && state == ConnectionState.OPEN && !host.isDraining()) {
            gate.linkPaused = false;
            updateInterest(output.pending() == 0);
        }
        if (gate.open() && state == ConnectionState.OPEN) {
            read(true);
        }
    }

    /** Server.pause: read nothing more until the app resumes; the client's bytes wait in the kernel. */
    void pauseByApp() {
        gate.appPaused = true;
        updateInterest(output.pending() == 0);
    }

    void resumeByApp() {
        gate.appPaused = false;
        updateInterest(output.pending() == 0);
    }

    private void updateInterest(boolean drained) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = gate.interestOps(state == ConnectionState.OPEN, drained);
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
            input.release(); // else read() does, once the stack is done with it
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to save, the session ends either way
            shared.counters().closeErrors++;
        }
        return true;
    }

    private void moveTo(ConnectionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("session " + SessionId.format(sessionId) + ": " + state + " -> " + next);
        }
        state = next;
    }
}
