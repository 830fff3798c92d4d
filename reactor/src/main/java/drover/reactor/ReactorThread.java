package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.config.DroverConfig;
import drover.common.config.PayloadLimits;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.http.HttpDate;
import drover.common.http.HttpErrorResponse;
import drover.common.http.HttpStatus;
import drover.common.link.LinkGuard;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import drover.common.loop.LoopRole;
import drover.common.loop.LoopState;
import drover.common.loop.TimerQueue;
import drover.common.payload.PayloadStore;
import drover.common.payload.PayloadStores;
import drover.common.process.HeapTrim;
import drover.common.session.SessionId;
import drover.common.session.SessionMap;
import drover.reactor.http.AccessLog;
import drover.reactor.http.HttpFramer;
import drover.reactor.http.HttpLimits;
import drover.reactor.protocol.EofFramer;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.PacketFramer;
import drover.reactor.protocol.RawFramer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reactor JVM. One thread, one selector: owns its client connections and its own link to every
 * worker, so the hot path takes no lock and hands nothing to another thread.
 */
final class ReactorThread implements Runnable, LoopRole {
    /** worker_num's upper bound: a slot a worker claims must be below it. */
    static final int MAX_WORKER_SLOTS = 1024;

    private static final long HEAP_TRIM_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int reactorId;
    private final int threadId;
    private final int generation;
    private final DroverConfig config;
    private final AccessLog accessLog; // http_access_log, or null
    private final EventLoop loop;
    private final ServerSocketChannel linkServer;
    /** Who may link as a worker (LinkGuard): the manager's own worker JVMs only. */
    private final LinkGuard linkGuard;
    private WorkerLink[] workers;
    private final Dispatcher dispatcher;
    private final ConnectionQuota quota;
    private final SessionMap<ClientConnection> sessions = new SessionMap<>();
    private final List<WorkerLink> dirtyLinks = new ArrayList<>();
    /** Connections whose full link has room again, to be read in the order the link stopped them. */
    private final ArrayDeque<ClientConnection> resumed = new ArrayDeque<>();
    private final ReactorCounters counters = new ReactorCounters();
    private volatile Consumer<Throwable> onCrash = e -> { };
    private final TimerQueue timers;
    private final HttpLimits httpLimits;
    private final PayloadLimits payloadLimits;
    private final PayloadStore payloadStore;
    /** HTTP: most bytes a connection's output may hold, a response under way included (docs/HTTP.md). */
    private final long httpOutputCeiling;
    private final HttpDate dates = new HttpDate();
    /**
     * Lends the clients' input buffers, the copies of large packets on their way to a worker, and the
     * buffers large replies are joined in on their way to a client. Direct, so the socket reads and
     * writes copy nothing through the JDK's temporary buffers; reused, because a megabyte array per
     * message made most of this thread's garbage collections (docs/benchmarks-history.md, "Third round").
     * It allocates at most 32 MiB of direct memory and keeps it; past that it lends heap buffers.
     */
    private final BufferPool buffers = new BufferPool(ClientConnection.INITIAL_INPUT, 8 << 20, 32 << 20);
    private Acceptor acceptor;
    private long sequence;
    private long stopDeadline;

    ReactorThread(int reactorId, int threadId, int generation, DroverConfig config,
                  ServerSocketChannel linkServer, ConnectionQuota quota) throws IOException {
        this(reactorId, threadId, generation, config, linkServer, quota, LinkGuard.forThisChild());
    }

    ReactorThread(int reactorId, int threadId, int generation, DroverConfig config,
                  ServerSocketChannel linkServer, ConnectionQuota quota, LinkGuard linkGuard) throws IOException {
        this.linkGuard = linkGuard;
        this.reactorId = reactorId;
        this.threadId = threadId;
        this.generation = generation;
        this.config = config;
        this.linkServer = linkServer;
        this.quota = quota;
        this.httpLimits = config.openHttpProtocol() ? HttpLimits.of(config) : null;
        this.accessLog = AccessLog.of(config);
        this.payloadLimits = PayloadLimits.of(config);
        this.payloadStore = PayloadStores.of(config);
        this.httpOutputCeiling = (long) config.bufferOutputSize() + payloadLimits.largest();
        this.loop = new EventLoop("reactor thread " + threadId);
        this.timers = loop.timers();
        this.workers = new WorkerLink[config.workerNum()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new WorkerLink(i, payloadLimits, payloadStore, buffers);
        }
        this.dispatcher = new Dispatcher(config.dispatchMode(), workers);
        loop.register(linkServer, SelectionKey.OP_ACCEPT, new LinkAcceptor());
        if (!config.heartbeatCheckInterval().isZero()) {
            timers.repeat(config.heartbeatCheckInterval().toNanos(), this::checkHeartbeats);
        }
        if (payloadStore != null) {
            timers.repeat(HEAP_TRIM_TICK_NANOS, this::trimIdleRings);
        }
    }

    /** Once a second: links idle after a burst give back their payload rings' memory (large_payload=shm). */
    private void trimIdleRings() {
        long now = System.nanoTime();
        for (WorkerLink link : workers) {
            link.trimIdle(now);
        }
    }

    /**
     * Makes this thread the acceptor of the listeners, handing new connections to every thread in
     * turn (as Swoole's main reactor does). That hand-off at accept is the only one: from then on a
     * connection lives on its thread. Call before the thread starts.
     */
    void acceptFor(List<ServerSocketChannel> listeners, List<ReactorThread> all) throws IOException {
        acceptor = new Acceptor(this, all, quota);
        acceptor.register(loop, listeners);
    }

    /**
     * Gives back the heap a burst of large packets grew (HeapTrim), checked once a second. Call before
     * the thread starts.
     */
    void trimHeap(HeapTrim trim) {
        timers.repeat(HEAP_TRIM_TICK_NANOS, () -> trim.tick(System.nanoTime()));
    }

    int threadId() {
        return threadId;
    }

    ReactorCounters counters() {
        return counters;
    }

    TimerQueue timers() {
        return timers;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    int bufferOutputSize() {
        return config.bufferOutputSize();
    }

    boolean closesOnWorkerExit() {
        return config.closeOnWorkerExit();
    }

    /** The only entry point for other threads. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /** The counters with the pool's gauges filled in; on this thread only. */
    private ReactorCounters countersNow() {
        ReactorCounters copy = counters.copy();
        copy.poolDirectBytes = buffers.directBytes();
        copy.poolHeapBuffers = buffers.heapLends();
        for (WorkerLink link : workers) {
            copy.largeStored += link.storedPayloads();
            copy.largeStoreBusy += link.storeBusy();
            copy.largeStoreFailed += link.storeFailures();
        }
        return copy;
    }

    /** A copy of this thread's counters, taken on its own loop (completes exceptionally once stopped). */
    CompletableFuture<ReactorCounters> snapshot() {
        CompletableFuture<ReactorCounters> result = new CompletableFuture<>();
        if (loop.state() == LoopState.STOPPED) {
            result.completeExceptionally(new IllegalStateException("reactor thread " + threadId + " stopped"));
            return result;
        }
        execute(() -> {
            ReactorCounters copy = countersNow();
            copy.active = sessions.size();
            for (WorkerLink link : workers) {
                copy.linkPeak = Math.max(copy.linkPeak, link.queuedBytes());
            }
            result.complete(copy);
        });
        return result;
    }

    /**
     * Server stop, first step: take no new connection and no new packet, and tell every worker
     * (DRAIN, after the packets already queued) that nothing more will come, so they can finish
     * what they hold and exit. Replies keep flowing back to clients until stop().
     */
    void drain() {
        execute(() -> {
            if (acceptor != null) {
                acceptor.stop();
            }
            if (loop.state() == LoopState.RUNNING) {
                loop.moveTo(LoopState.DRAINING);
            }
            for (ClientConnection c : sessions.values()) {
                c.pauseReading(null);
            }
            for (WorkerLink link : workers) {
                link.append(FrameType.DRAIN, 0, new byte[0]);
                dirtyLinks.add(link);
            }
        });
    }

    boolean isDraining() {
        return loop.state() != LoopState.RUNNING;
    }

    /** Server stop, last step: flush what clients are owed (bounded by max_wait_time), close everything. */
    void stop() {
        execute(() -> {
            if (loop.state() == LoopState.RUNNING || loop.state() == LoopState.DRAINING) {
                loop.moveTo(LoopState.STOPPING);
            }
            stopDeadline = System.nanoTime() + config.maxWaitTime().toNanos();
            for (ClientConnection c : sessions.values()) {
                try {
                    c.closeAfterFlush();
                } catch (IOException e) {
                    closeConnection(c, CloseReason.of(e));
                }
            }
        });
    }

    /**
     * What to do when the loop itself fails (an Error, or a RuntimeException outside the guards that
     * close one peer): by then the thread has closed its connections, and the listeners would keep
     * handing it new ones, so the reactor exits and the manager starts another (Reactor).
     */
    void onCrash(Consumer<Throwable> handler) {
        this.onCrash = handler;
    }

    @Override
    public void run() {
        Throwable crash = null;
        try {
            loop.run(this);
        } catch (IOException e) {
            Log.error("reactor thread " + threadId + " selector failed", e);
        } catch (RuntimeException | Error e) {
            crash = e;
            Log.error("reactor thread " + threadId + " failed; its connections are closed and the reactor exits", e);
        } finally {
            try {
                shutDown();
            } finally {
                if (crash != null) {
                    onCrash.accept(crash);
                }
            }
        }
    }

    /** Connections wait for their turn to read: poll rather than block. */
    @Override
    public boolean hasReadyWork() {
        return !resumed.isEmpty();
    }

    @Override
    public void afterTurn() {
        flushDirtyLinks();
        for (WorkerLink link : workers) {
            link.takeResumable(resumed); // also a link that gained room without a flush (its worker died)
        }
        if (!resumed.isEmpty()) {
            readResumed();
            flushDirtyLinks();
        }
    }

    /** Every client has had what it was owed, or max_wait_time passed. */
    @Override
    public boolean doneStopping(long now) {
        return sessions.isEmpty() || now - stopDeadline > 0;
    }

    private void flushDirtyLinks() {
        for (int i = 0; i < dirtyLinks.size(); i++) { // by index: once a turn, without an iterator
            flushLink(dirtyLinks.get(i).slot());
        }
        dirtyLinks.clear();
    }

    void flushLink(int slot) {
        try {
            workers[slot].flush();
        } catch (IOException e) {
            Log.warn("worker#" + slot + " link write failed on thread " + threadId + ": " + e.getMessage());
        }
        workers[slot].takeResumable(resumed);
    }

    /** Reads the connections let back in, oldest stop first; one the link stops again goes to the back. */
    private void readResumed() {
        for (int n = resumed.size(); n > 0; n--) {
            ClientConnection connection = resumed.poll();
            try {
                connection.readAfterResume();
            } catch (IOException e) {
                connection.onFailure(e);
            } catch (RuntimeException e) {
                Log.error("reactor thread " + threadId + ": unexpected failure on one peer, closing it", e);
                connection.onFailure(new IOException(e.toString(), e));
            }
        }
    }

    // ---- clients ----

    /** Takes a just-accepted connection; called on the acceptor's thread. */
    void adopt(SocketChannel channel) {
        if (loop.inLoop()) {
            acceptOrClose(channel);
        } else {
            execute(() -> acceptOrClose(channel));
        }
    }

    private void acceptOrClose(SocketChannel channel) {
        try {
            if (loop.state() == LoopState.RUNNING) {
                accept(channel);
                return;
            }
        } catch (IOException e) {
            Log.warn("cannot take a new connection on thread " + threadId + ": " + e.getMessage());
        }
        quota.release();
        try {
            channel.close();
        } catch (IOException e) {
            Log.warn("cannot close a refused connection: " + e.getMessage());
        }
    }

    private void accept(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        long sessionId = SessionId.of(reactorId, threadId, generation, ++sequence);
        InetAddress remoteIp = ClientConnection.addressOf(channel);
        int slot = dispatcher.homeSlot(sequence, remoteIp);
        String remote = describe(channel.getRemoteAddress());
        ClientConnection connection = new ClientConnection(sessionId, channel, slot, remote, newFramer(), this);
        connection.register(loop.register(channel, SelectionKey.OP_READ, connection));
        sessions.put(sessionId, connection);
        counters.accepted++;
        queue(slot, FrameType.CONNECT, sessionId, remote.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private PacketFramer newFramer() {
        if (config.openHttpProtocol()) {
            return new HttpFramer(httpLimits, System::nanoTime);
        }
        if (config.openLengthCheck()) {
            return new LengthFieldFramer(config.packageLengthType(), config.packageLengthOffset(),
                    config.packageBodyOffset(), config.packageMaxLength());
        }
        if (config.openEofSplit() || config.openEofCheck()) {
            return new EofFramer(config.packageEof(), config.openEofSplit(), config.packageMaxLength());
        }
        return new RawFramer();
    }

    /**
     * The link a connection's next packet goes to when that is known before the packet is whole (its
     * home slot, in every dispatch mode but round robin and idle worker), so a large one can be read
     * straight into that link's ring; null otherwise.
     */
    WorkerLink linkForWholePacket(ClientConnection connection) {
        return dispatcher.packetsGoHome() ? workers[connection.homeSlot()] : null;
    }

    void dispatchPacket(ClientConnection connection, ByteBuffer packet) {
        counters.packets++;
        WorkerLink link = workers[dispatcher.packetSlot(connection.homeSlot())];
        if (link.append(FrameType.DATA, connection.sessionId(), packet)) {
            dirtyLinks.add(link);
        }
        connection.dispatched(link.slot(), link.deliveryGeneration());
        if (link.holdsTooMuchLarge()) {
            connection.pauseReading(link); // large packets are queued in memory: bound them per link
        }
        counters.linkPeak = Math.max(counters.linkPeak, link.queuedBytes());
    }

    void rejectPacket(ClientConnection connection, String why) {
        counters.rejectedPackets++;
        // rate-limited: any client can send bad packets as fast as it can connect (a flood filled a disk)
        Log.warnThrottled("rejected packet", "session " + SessionId.format(connection.sessionId()) + " from "
                + connection.remoteAddress() + ": " + why + "; closing the connection");
        closeConnection(connection, CloseReason.BAD_PACKET);
    }

    /** Ends a session exactly once and tells its worker (onClose). */
    BufferPool buffers() {
        return buffers;
    }

    void closeConnection(ClientConnection connection, CloseReason reason) {
        if (!connection.release()) {
            return;
        }
        sessions.remove(connection.sessionId());
        quota.release();
        counters.closed++;
        queue(connection.homeSlot(), FrameType.CLOSE, connection.sessionId(), reason.text().getBytes(StandardCharsets.UTF_8));
    }

    /** heartbeat_check_interval: closes what has been silent for heartbeat_idle_time, then checks again later. */
    private void checkHeartbeats() {
        long idleNanos = config.heartbeatIdleTime().toNanos();
        long now = System.nanoTime();
        for (ClientConnection c : sessions.values()) {
            if (now - c.lastReceiveNanos() >= idleNanos) {
                counters.idleClosed++;
                closeConnection(c, CloseReason.IDLE);
            }
        }
    }

    private void queue(int slot, FrameType type, long sessionId, byte[] payload) {
        if (workers[slot].append(type, sessionId, payload)) {
            dirtyLinks.add(workers[slot]);
        }
    }

    // ---- worker links ----

    private final class LinkAcceptor implements IoHandler {
        @Override
        public void onReady(SelectionKey key) throws IOException {
            SocketChannel channel;
            while ((channel = linkServer.accept()) != null) {
                LinkChannel link = new LinkChannel(channel, ReactorThread.this, payloadLimits, payloadStore, buffers);
                link.register(loop.register(channel, SelectionKey.OP_READ, link));
            }
        }

        @Override
        public void onFailure(IOException error) {
            Log.warn("worker link accept failed on thread " + threadId + ": " + error.getMessage());
        }
    }

    LinkGuard linkGuard() {
        return linkGuard;
    }

    void checkSlot(int slot, LinkChannel link) {
        if (slot < 0 || slot >= MAX_WORKER_SLOTS) {
            throw new IllegalArgumentException(link.describe() + " claims slot " + slot + " outside 0.." + (MAX_WORKER_SLOTS - 1));
        }
        ensureSlots(slot + 1); // a worker added by TTIN may link before the reactor hears the new count
    }

    private void ensureSlots(int count) {
        if (count <= workers.length) {
            return;
        }
        WorkerLink[] grown = Arrays.copyOf(workers, count);
        for (int i = workers.length; i < count; i++) {
            grown[i] = new WorkerLink(i, payloadLimits, payloadStore, buffers);
        }
        workers = grown;
        dispatcher.resize(workers, dispatcher.activeSlots());
    }

    /**
     * TTIN/TTOU: from now on new connections go to slots 0..count-1. Connections whose home was a
     * removed slot move to a remaining one (their next packets and close go there), and the removed
     * slot's worker is told DRAIN, so it can finish what it holds and exit when the manager stops it.
     */
    void setWorkerCount(int count) {
        execute(() -> {
            ensureSlots(count);
            int before = dispatcher.activeSlots();
            dispatcher.resize(workers, count);
            if (count >= before) {
                return;
            }
            int moved = 0;
            for (ClientConnection connection : sessions.values()) {
                if (connection.homeSlot() >= count) {
                    connection.moveHome((int) Long.remainderUnsigned(SessionId.sequence(connection.sessionId()), count));
                    moved++;
                }
            }
            for (int slot = count; slot < before; slot++) {
                if (workers[slot].hasWorker()) {
                    workers[slot].append(FrameType.DRAIN, 0, new byte[0]);
                    dirtyLinks.add(workers[slot]);
                }
            }
            Log.info("thread " + threadId + ": " + count + " workers now (was " + before + "); "
                    + moved + " connections moved to the remaining workers");
        });
    }

    void attachLink(int slot, LinkChannel link) {
        Log.debug(link.describe() + " linked to thread " + threadId);
        workers[slot].attach(link);
        dirtyLinks.add(workers[slot]);
    }

    void detachLink(int slot, LinkChannel link) {
        workers[slot].detach(link);
        dirtyLinks.add(workers[slot]);
        if (link.generation() > 0) {
            answerWhatDiedWith(slot, link);
        }
    }

    /**
     * A worker's link closed: the packets it held will never be answered. HTTP clients get a 502 (or
     * a reset mid-response); other clients with a packet it never answered are closed, when it exited
     * unasked (not a reload, a TTOU or a stop) and close_on_worker_exit allows (docs/OPERATIONS.md).
     */
    private void answerWhatDiedWith(int slot, LinkChannel link) {
        boolean expected = link.isRetired() || slot >= dispatcher.activeSlots() || isDraining();
        byte[] badGateway = null;
        int answered = 0;
        for (ClientConnection c : List.copyOf(sessions.values())) {
            try {
                if (c.isHttp() && badGateway == null) {
                    badGateway = HttpErrorResponse.bytes(HttpStatus.BAD_GATEWAY, dates.at(System.currentTimeMillis()));
                }
                if (c.workerExited(slot, link.generation(), expected, badGateway)) {
                    answered++;
                }
            } catch (IOException e) {
                closeConnection(c, CloseReason.of(e));
            }
        }
        counters.workerExitAnswers += answered;
        if (answered > 0) {
            Log.warn(link.describe() + " exited holding packets of " + answered + " connection(s) on thread "
                    + threadId + ": answered 502 (HTTP) or closed them");
        }
    }

    void onWorkerFrame(int fromSlot, FrameHeader header, ByteBuffer payload) {
        if (header.type() == FrameType.PIPE_MESSAGE) {
            forwardPipeMessage(fromSlot, payload);
            return;
        }
        ClientConnection connection = sessions.get(header.sessionId());
        if (connection == null || !connection.takesActions()) {
            // closed or closing: never deliver to a newer connection (ids are never reused)
            counters.droppedStale++;
            return;
        }
        try {
            switch (header.type()) {
                case SEND -> send(fromSlot, connection, payload);
                case RESPONSE_END -> {
                    connection.responseEnded();
                    if (accessLog != null) {
                        accessLog.responseEnded(connection.remoteAddress(), fromSlot, payload);
                    }
                }
                case CLOSE_REQUEST -> {
                    if ((header.flags() & FrameType.RESET_FLAG) != 0) {
                        connection.reset();
                    } else {
                        connection.closeAfterFlush();
                    }
                }
                case BIND -> bind(connection, payload);
                case PAUSE -> connection.pauseByApp();
                case RESUME -> connection.resumeByApp();
                default -> Log.warn("unexpected " + header.type() + " frame from worker#" + fromSlot);
            }
        } catch (IOException e) {
            closeConnection(connection, CloseReason.of(e));
        }
    }

    /** buffer_output_size: a send that does not fit is refused whole and its worker is told why. */
    private void send(int fromSlot, ClientConnection connection, ByteBuffer payload) throws IOException {
        long after = (long) connection.pendingOutput() + payload.remaining();
        long limit = connection.isHttp() ? httpOutputCeiling : config.bufferOutputSize();
        if (after <= limit) {
            connection.send(payload);
            connection.answerSent();
            return;
        }
        counters.overflows++;
        String why = "output buffer full: " + connection.pendingOutput() + " bytes waiting + " + payload.remaining()
                + " sent > " + (connection.isHttp() ? "buffer_output_size + largest message " : "buffer_output_size ")
                + limit;
        queue(fromSlot, FrameType.SEND_FAILED, connection.sessionId(), why.getBytes(StandardCharsets.UTF_8));
        if (connection.isHttp()) {
            // an HTTP response must never be cut short silently: the client sees a reset, the worker hears why
            Log.warnThrottled("output buffer full", "session " + SessionId.format(connection.sessionId()) + " from "
                    + connection.remoteAddress() + ": " + why + "; the response cannot be queued, resetting the connection");
            connection.abort(CloseReason.OUTPUT_OVERFLOW);
            return;
        }
        if (connection.firstOverflow()) { // once per connection, and rate-limited: many slow clients are many connections
            Log.warnThrottled("output buffer full", "session " + SessionId.format(connection.sessionId()) + " from "
                    + connection.remoteAddress() + ": " + why + "; refusing sends until it drains (logged once per connection)");
        }
    }

    /**
     * sendMessage between workers: the payload comes as u32 destination slot + message and leaves as
     * u32 source slot + message. Queued on the destination's link like any frame, so it waits there
     * while that slot's worker restarts, and one worker's messages to another keep their order.
     */
    private void forwardPipeMessage(int fromSlot, ByteBuffer payload) {
        int to = payload.remaining() >= Integer.BYTES ? payload.getInt() : -1;
        if (to < 0 || to >= workers.length) {
            Log.warn("worker#" + fromSlot + " sent a pipe message to worker#" + to + ", outside 0.."
                    + (workers.length - 1) + "; dropped");
            return;
        }
        ByteBuffer forwarded = ByteBuffer.allocate(Integer.BYTES + payload.remaining()).putInt(fromSlot).put(payload).flip();
        if (workers[to].append(FrameType.PIPE_MESSAGE, 0, forwarded)) {
            dirtyLinks.add(workers[to]);
        }
    }

    /** onBufferFull / onBufferEmpty go to the session's home worker, the one that gets its close. */
    void bufferWatermark(ClientConnection connection, FrameType type) {
        queue(connection.homeSlot(), type, connection.sessionId(), new byte[0]);
    }

    private void bind(ClientConnection connection, ByteBuffer payload) {
        if (!dispatcher.bindsUids() || payload.remaining() != Long.BYTES) {
            Log.warn("session " + SessionId.format(connection.sessionId()) + ": bind ignored ("
                    + (dispatcher.bindsUids() ? payload.remaining() + "-byte uid" : "dispatch_mode is not 5") + ")");
            return;
        }
        connection.moveHome(dispatcher.slotForUid(payload.getLong()));
    }

    private void shutDown() {
        for (ClientConnection c : sessions.values()) {
            closeConnection(c, CloseReason.SHUTDOWN);
        }
        flushDirtyLinks();
        loop.close();
        try {
            linkServer.close();
        } catch (IOException e) {
            Log.warn("reactor thread " + threadId + " close failed: " + e.getMessage());
        }
        Log.info("reactor thread " + threadId + " stopped: " + countersNow());
    }
}
