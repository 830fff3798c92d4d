package drover.reactor;

import drover.common.frame.FrameType;
import drover.common.frame.ProxyConnectInfo;
import drover.common.log.Log;
import drover.common.loop.IoHandler;
import drover.common.session.SessionId;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.ConnectionPort;
import drover.reactor.protocol.LayerEvent;
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
 * One client socket, owned by one reactor thread for its whole life: its state, its output queue, and
 * what its protocol stack and its workers ask of it. It knows no protocol: its {@link ProtocolStack}
 * does (docs/ARCHITECTURE.md, "The protocol stack"). Its input side is {@link ClientReads}, what the
 * workers were told of it {@link WorkerNotices}, and the output limit a worker's send meets
 * {@link OutputAdmission}.
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
    private final ClientReads reads;
    private ConnectionState state = ConnectionState.OPEN;
    private int homeSlot;
    private final OutputAdmission admission;
    /** Why the connection ends once its output is written (closeAfterOutput). */
    private CloseReason closeReason = CloseReason.SERVER_CLOSED;
    /** Packets handed to workers and not answered yet, and where they went. */
    private final PacketsInFlight inFlight;
    private final WorkerNotices notices = new WorkerNotices();

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
        this.reads = new ClientReads(this, channel, stack, host, shared);
        this.admission = new OutputAdmission(sessionId, shared.bufferOutputSize());
    }

    void register(SelectionKey key) {
        reads.register(key);
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
        return reads.lastReceiveNanos();
    }

    boolean isOpen() {
        return state == ConnectionState.OPEN;
    }

    boolean isClosed() {
        return state == ConnectionState.CLOSED;
    }

    /** The socket took everything queued for it. */
    boolean socketDrained() {
        return output.pending() == 0;
    }

    /** What its workers were told of it (Sessions). */
    WorkerNotices notices() {
        return notices;
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
            reads.read(false);
        }
    }

    @Override
    public void onFailure(IOException error) {
        host.close(this, CloseReason.of(error));
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
        reads.holdInput(held);
    }

    @Override
    public void finishInput() {
        reads.finishInput();
    }

    @Override
    public void clientIdentified(InetSocketAddress client) {
        clientIdentified(client, null);
    }

    @Override
    public void clientIdentified(InetSocketAddress client, ProxyConnectInfo proxy) {
        if (state != ConnectionState.OPEN || notices.announced()) {
            return;
        }
        if (client != null) {
            host.clientIs(this, client);
            notices.proxyDetails(proxy);
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
        if (notices.webSocketOpened()) {
            host.toAllWorkers(FrameType.CONNECT, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG, sessionId,
                    remoteAddress.getBytes(StandardCharsets.UTF_8), -1);
        }
    }

    @Override
    public void webSocketEnded(int code, String reason) {
        notices.webSocketEnded(code, reason);
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
        if (!notices.announced() && state == ConnectionState.OPEN) {
            host.announce(this, flags, payload);
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
        String why = admission.refusal(queuedOutput(), data.remaining(), stack.outputLimit(), remoteAddress,
                state == ConnectionState.OPEN);
        if (why != null) {
            stack.outputRefused(why);
            return why;
        }
        if (flags == 0) {
            stack.output(data);
        } else if (!stack.layerFrame(FrameType.SEND, flags, data)) {
            return "the connection takes no flagged send (flags " + flags + "): it is not a WebSocket";
        }
        inFlight.bytesSent();
        if (state == ConnectionState.OPEN && admission.becameFull(queuedOutput())) {
            host.watermark(this, FrameType.BUFFER_FULL);
        }
        return null;
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
        if (drained && state == ConnectionState.OPEN && admission.becameEmpty()) {
            host.watermark(this, FrameType.BUFFER_EMPTY);
        }
        if (drained && state == ConnectionState.CLOSING) {
            host.close(this, closeReason);
            return;
        }
        reads.updateInterest(); // OP_WRITE only while the socket has bytes to take
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
        reads.pauseReading(until);
    }

    /** Its link has room again and its turn has come: reads now rather than whenever the selector gets to it. */
    void readAfterResume() throws IOException {
        reads.readAfterResume();
    }

    /** Server.pause: read nothing more until the app resumes; the client's bytes wait in the kernel. */
    void pauseByApp() {
        reads.pauseByApp();
    }

    void resumeByApp() {
        reads.resumeByApp();
    }

    /** Releases the socket; the caller tells the worker. Returns false when it was already closed. */
    boolean release() {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        moveTo(ConnectionState.CLOSED);
        reads.release();
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
