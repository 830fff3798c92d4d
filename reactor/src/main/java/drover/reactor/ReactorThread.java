package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.config.DroverConfig;
import drover.common.config.ListenerSpec;
import drover.common.frame.FrameType;
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
import drover.common.tls.RotatingTlsContext;
import drover.reactor.http.AccessLog;
import drover.reactor.protocol.CloseReason;
import drover.reactor.tls.ReactorTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reactor JVM. One thread, one selector: owns its client connections ({@link Sessions}) and its own
 * link to every worker ({@link WorkerRouter}), so the hot path takes no lock and hands nothing to
 * another thread. This class is the reactor's role on its EventLoop: it accepts, resumes the
 * connections a link let back in after each turn, and drains and stops.
 */
final class ReactorThread implements Runnable, ConnectionHost, ConnectionAdopter, LoopRole {
    private static final long HEAP_TRIM_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int reactorId;
    private final int threadId;
    private final int generation;
    private final DroverConfig config;
    private final EventLoop loop;
    private final ServerSocketChannel linkServer;
    private final ConnectionQuota quota;
    private final Sessions sessions;
    private final WorkerRouter router;
    private final ReactorCounters counters = new ReactorCounters();
    private volatile Consumer<Throwable> onCrash = e -> { };
    private final TimerQueue timers;
    private final ProtocolLayers layers;
    private final ConnectionResources connectionResources;
    /**
     * Lends the clients' input buffers, the copies of large packets on their way to a worker, and the
     * buffers large replies are joined in on their way to a client. Direct, so the socket reads and
     * writes copy nothing through the JDK's temporary buffers; reused, because a megabyte array per
     * message made most of this thread's garbage collections (docs/benchmarks-history.md, "Third round").
     * It allocates at most 32 MiB of direct memory and keeps it; past that it lends heap buffers.
     */
    private final BufferPool buffers = new BufferPool(ClientInput.INITIAL, 8 << 20, 32 << 20);
    private Acceptor acceptor;
    private long sequence;
    private final StopSequence stopSequence;

    ReactorThread(int reactorId, int threadId, int generation, DroverConfig config,
                  ServerSocketChannel linkServer, ConnectionQuota quota) throws IOException {
        this(reactorId, threadId, generation, config, linkServer, quota, LinkGuard.forThisChild());
    }

    ReactorThread(int reactorId, int threadId, int generation, DroverConfig config,
                  ServerSocketChannel linkServer, ConnectionQuota quota, LinkGuard linkGuard) throws IOException {
        this.reactorId = reactorId;
        this.threadId = threadId;
        this.generation = generation;
        this.config = config;
        this.linkServer = linkServer;
        this.quota = quota;
        this.loop = new EventLoop("reactor thread " + threadId);
        this.timers = loop.timers();
        this.layers = new ProtocolLayers(config);
        this.connectionResources = new ConnectionResources(buffers, counters, config.bufferOutputSize(),
                config.closeOnWorkerExit());
        this.sessions = new Sessions(quota, counters);
        PayloadStore payloadStore = PayloadStores.of(config);
        this.router = new WorkerRouter(threadId, config, payloadStore, buffers, counters, linkGuard, sessions,
                () -> loop.state() != LoopState.RUNNING, AccessLog.of(config));
        sessions.routeThrough(router);
        this.stopSequence = new StopSequence(loop, sessions, router, config.maxWaitTime());
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
        router.trimIdleRings(System.nanoTime());
    }

    /**
     * Makes this thread the acceptor of the listeners, handing new connections to every thread in
     * turn (as Swoole's main reactor does). That hand-off at accept is the only one: from then on a
     * connection lives on its thread. Call before the thread starts.
     */
    void acceptFor(List<ServerSocketChannel> listeners, List<ListenerSpec> specs, List<ReactorThread> all)
            throws IOException {
        acceptor = new Acceptor(this, all, quota);
        acceptor.register(loop, listeners, specs);
    }

    /** The /ssl listeners' connections get TLS on this context's certificate. Call before the thread starts. */
    void serveTls(RotatingTlsContext tls) {
        layers.serveTls(new ReactorTls(tls, config));
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

    @Override
    public ReactorCounters counters() {
        return counters;
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
        router.addGauges(copy);
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
            router.addLinkPeak(copy);
            result.complete(copy);
        });
        return result;
    }

    /** Server stop, first step: the drain (StopSequence.drain). */
    void drain() {
        execute(() -> stopSequence.drain(acceptor));
    }

    /** Reading never resumes: the stop's reading window is over. */
    @Override
    public boolean isDraining() {
        return stopSequence.readingEnded();
    }

    @Override
    public void askAppToEnd(ClientConnection connection) {
        sessions.askAppToEnd(connection);
    }

    /** Server stop, last step: flush what clients are owed (bounded by max_wait_time), close everything. */
    void stop() {
        execute(stopSequence::stop);
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
        return router.hasResumed();
    }

    @Override
    public void afterTurn() {
        router.flushAndResume();
    }

    /** Every client has had what it was owed, or max_wait_time passed. */
    @Override
    public boolean doneStopping(long now) {
        return stopSequence.done(now);
    }

    // ---- clients ----

    /** Takes a just-accepted connection of that listener; called on the acceptor's thread. */
    @Override
    public void adopt(SocketChannel channel, ListenerSpec spec) {
        if (loop.inLoop()) {
            acceptOrClose(channel, spec);
        } else {
            execute(() -> acceptOrClose(channel, spec));
        }
    }

    private void acceptOrClose(SocketChannel channel, ListenerSpec spec) {
        try {
            if (loop.state() == LoopState.RUNNING) {
                accept(channel, spec);
                return;
            }
            if (loop.state() == LoopState.DRAINING && !stopSequence.readingEnded()) {
                stopSequence.drainConnection(accept(channel, spec)); // from the backlog, taken as the stop began
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

    private ClientConnection accept(SocketChannel channel, ListenerSpec spec) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        long sessionId = SessionId.of(reactorId, threadId, generation, ++sequence);
        InetAddress remoteIp = addressOf(channel);
        int slot = router.homeSlot(sequence, remoteIp);
        String remote = Acceptor.describe(channel.getRemoteAddress());
        // a balancer's connection starts with its PROXY header: its layer holds the CONNECT back
        boolean proxied = spec.proxy() && remoteIp != null && config.proxyProtocolTrusted().contains(remoteIp);
        ClientConnection connection = new ClientConnection(sessionId, channel, slot, remote,
                layers.stackFor(spec, proxied), this, connectionResources);
        connection.register(loop.register(channel, SelectionKey.OP_READ, connection));
        sessions.opened(connection, spec.protocol().isHttp(), remote.getBytes(StandardCharsets.UTF_8));
        return connection;
    }

    @Override
    public void clientIs(ClientConnection connection, InetSocketAddress client) {
        connection.remoteIs(Acceptor.describe(client));
        connection.moveHome(router.homeSlot(SessionId.sequence(connection.sessionId()), client.getAddress()));
    }

    private static InetAddress addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    // ---- what connections ask (ConnectionHost) ----

    @Override
    public WorkerLink blockingLink(ClientConnection connection, boolean inTurn) {
        return router.blockingLink(connection, inTurn);
    }

    @Override
    public WorkerLink linkForWholePacket(ClientConnection connection) {
        return router.linkForWholePacket(connection);
    }

    @Override
    public void dispatch(ClientConnection connection, ByteBuffer packet) {
        router.dispatch(connection, packet);
    }

    @Override
    public void watermark(ClientConnection connection, FrameType type) {
        router.watermark(connection, type);
    }

    @Override
    public void announce(ClientConnection connection, int flags, byte[] payload) {
        sessions.announce(connection, flags, payload);
    }

    @Override
    public void close(ClientConnection connection, CloseReason reason) {
        sessions.close(connection, reason);
    }

    @Override
    public void toAllWorkers(FrameType type, int flags, long sessionId, byte[] payload, int exceptSlot) {
        router.toAllWorkers(type, flags, sessionId, payload, exceptSlot);
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        timers.schedule(delayNanos, task);
    }

    /** heartbeat_check_interval: closes what has been silent for heartbeat_idle_time. */
    private void checkHeartbeats() {
        sessions.closeIdle(config.heartbeatIdleTime().toNanos(), System.nanoTime());
    }

    // ---- worker links ----

    private final class LinkAcceptor implements IoHandler {
        @Override
        public void onReady(SelectionKey key) throws IOException {
            SocketChannel channel;
            while ((channel = linkServer.accept()) != null) {
                LinkChannel link = router.newLink(channel);
                link.register(loop.register(channel, SelectionKey.OP_READ, link));
            }
        }

        @Override
        public void onFailure(IOException error) {
            Log.warn("worker link accept failed on thread " + threadId + ": " + error.getMessage());
        }
    }

    /** TTIN/TTOU: from now on new connections go to slots 0..count-1 (WorkerRouter.setWorkerCount). */
    void setWorkerCount(int count) {
        execute(() -> router.setWorkerCount(count));
    }

    private void shutDown() {
        for (ClientConnection c : sessions.copy()) {
            c.serverStopping();
            sessions.close(c, CloseReason.SHUTDOWN);
        }
        router.flushDirtyLinks();
        loop.close();
        try {
            linkServer.close();
        } catch (IOException e) {
            Log.warn("reactor thread " + threadId + " close failed: " + e.getMessage());
        }
        Log.info("reactor thread " + threadId + " stopped: " + countersNow());
    }
}
