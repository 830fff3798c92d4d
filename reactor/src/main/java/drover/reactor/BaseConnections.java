package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.config.DroverConfig;
import drover.common.config.HostPort;
import drover.common.config.ListenerSpec;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.TimerQueue;
import drover.common.process.BootFailure;
import drover.common.process.ExitCode;
import drover.common.process.LocalLink;
import drover.common.session.SessionId;
import drover.common.session.SessionMap;
import drover.reactor.protocol.CloseReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * server_mode=base (Swoole's SWOOLE_BASE): one worker's own listeners and client connections, on the
 * worker's event loop. The same connections, protocol stacks and framers as a reactor thread's, but a
 * whole packet goes to the app by a call on the thread that read it, and the app's replies come back
 * by calls ({@link LocalLink}): no worker link, no frame encoding, no second process. Every worker
 * binds every listener with SO_REUSEPORT and the kernel spreads new connections over them. Loop
 * thread only.
 */
public final class BaseConnections implements LocalLink, ConnectionHost, ConnectionAdopter {
    /** As the reactor's: bursts of connects wait in the backlog instead of being refused. */
    private static final int BACKLOG = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final DroverConfig config;
    private final EventLoop loop;
    private final TimerQueue timers;
    private final FrameSink toWorker;
    /** Reused for every frame handed to the worker: WorkerLoop reads it before it calls the app. */
    private final FrameHeader header = FrameHeader.reusable();
    private final int idSpace;
    private final int generation;
    private final ConnectionQuota quota;
    private final ReactorCounters counters = new ReactorCounters();
    private final ProtocolLayers layers;
    private final ConnectionResources resources;
    private final SessionMap<ClientConnection> open = new SessionMap<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Acceptor acceptor;
    private final String bound;
    private long sequence;

    private BaseConnections(DroverConfig config, EventLoop loop, FrameSink toWorker, int slot, int generation)
            throws IOException {
        this.config = config;
        this.loop = loop;
        this.timers = loop.timers();
        this.toWorker = toWorker;
        this.idSpace = slot % 64; // a session id names this worker's slot where it names the reactor
        this.generation = generation;
        this.quota = new ConnectionQuota(config.maxConn());
        this.layers = new ProtocolLayers(config);
        this.resources = new ConnectionResources(new BufferPool(ClientInput.INITIAL, 8 << 20, 32 << 20), counters,
                config.bufferOutputSize(), config.closeOnWorkerExit());
        this.acceptor = new Acceptor(this, List.of(this), quota);
        if (!config.heartbeatCheckInterval().isZero()) {
            timers.repeat(config.heartbeatCheckInterval().toNanos(), this::closeIdle);
        }
        List<String> addresses = new ArrayList<>();
        try {
            for (ListenerSpec spec : config.listeners()) {
                ServerSocketChannel listener = listen(spec.address());
                listeners.add(listener);
                int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                addresses.add(new HostPort(spec.address().host(), port) + spec.suffix());
            }
            acceptor.register(loop, listeners, config.listeners());
        } catch (IOException e) {
            closeListeners();
            throw e;
        }
        this.bound = String.join(", ", addresses);
    }

    /** Binds every listener (SO_REUSEPORT: beside the other workers' and a reload's new worker). */
    public static BaseConnections open(DroverConfig config, EventLoop loop, FrameSink toWorker, int slot,
                                       int generation) throws BootFailure {
        try {
            return new BaseConnections(config, loop, toWorker, slot, generation);
        } catch (IOException e) {
            throw new BootFailure(ExitCode.LISTEN_FAILED, "cannot listen on " + config.listen() + ": " + e.getMessage());
        }
    }

    private static ServerSocketChannel listen(HostPort address) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            listener.bind(address.toSocketAddress(), BACKLOG);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public String describeBound() {
        return bound;
    }

    // ---- accepting ----

    @Override
    public void adopt(SocketChannel channel, ListenerSpec spec) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            long sessionId = SessionId.of(idSpace, 0, generation, ++sequence);
            String remote = Acceptor.describe(channel.getRemoteAddress());
            ClientConnection connection = new ClientConnection(sessionId, channel, 0, remote,
                    layers.stackFor(spec, false), this, resources);
            connection.register(loop.register(channel, SelectionKey.OP_READ, connection));
            open.put(sessionId, connection);
            counters.accepted++;
            connection.notices().listenerFlags(spec.protocol().isHttp() ? FrameType.HTTP_SESSION_FLAG : 0);
            if (!connection.delaysConnect()) {
                announce(connection, 0, remote.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            Log.warn("cannot take a new connection: " + e.getMessage());
            quota.release();
            try {
                channel.close();
            } catch (IOException closeFailed) {
                counters.closeErrors++;
            }
        }
    }

    @Override
    public ReactorCounters counters() {
        return counters;
    }

    // ---- what the connections ask (ConnectionHost) ----

    /** Nothing to wait for: the app has the packet before the next one is read. */
    @Override
    public WorkerLink blockingLink(ClientConnection connection, boolean inTurn) {
        return null;
    }

    @Override
    public WorkerLink linkForWholePacket(ClientConnection connection) {
        return null;
    }

    /** The packet goes to the app now, on this thread; counted in flight first, as its reply may come within the call. */
    @Override
    public void dispatch(ClientConnection connection, ByteBuffer packet) {
        counters.packets++;
        connection.dispatched(0, generation);
        toWorker(FrameType.DATA, 0, connection.sessionId(), packet);
    }

    @Override
    public void watermark(ClientConnection connection, FrameType type) {
        toWorker(type, 0, connection.sessionId(), ByteBuffer.wrap(EMPTY));
    }

    @Override
    public void announce(ClientConnection connection, int flags, byte[] payload) {
        WorkerNotices notices = connection.notices();
        notices.markAnnounced();
        toWorker(FrameType.CONNECT, notices.connectFlags(flags), connection.sessionId(),
                ByteBuffer.wrap(notices.connectPayload(payload)));
    }

    /** Ends the session exactly once and tells the app (onClose). */
    @Override
    public void close(ClientConnection connection, CloseReason reason) {
        if (!connection.release()) {
            return;
        }
        open.remove(connection.sessionId());
        quota.release();
        counters.closed++;
        if (connection.notices().announced()) {
            toWorker(FrameType.CLOSE, 0, connection.sessionId(), ByteBuffer.wrap(reason.text().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** No other worker hears of this worker's connections. */
    @Override
    public void toAllWorkers(FrameType type, int flags, long sessionId, byte[] payload, int exceptSlot) {
        if (exceptSlot != 0) {
            toWorker(type, flags, sessionId, ByteBuffer.wrap(payload));
        }
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        timers.schedule(delayNanos, task);
    }

    @Override
    public void clientIs(ClientConnection connection, InetSocketAddress client) {
        connection.remoteIs(Acceptor.describe(client));
    }

    @Override
    public void askAppToEnd(ClientConnection connection) {
        if (connection.notices().announced()) {
            toWorker(FrameType.SESSION_DRAIN, 0, connection.sessionId(), ByteBuffer.wrap(EMPTY));
        }
    }

    @Override
    public boolean isDraining() {
        return false;
    }

    private void toWorker(FrameType type, int flags, long sessionId, ByteBuffer payload) {
        header.set(type, flags, payload.remaining(), sessionId, 0);
        try {
            toWorker.onFrame(header, payload);
        } catch (FrameFormatException e) {
            Log.warn("session " + SessionId.format(sessionId) + ": " + type + " refused by the worker: " + e.getMessage());
        }
    }

    // ---- what the app asks (LocalLink), as WorkerRouter.onWorkerFrame takes a worker's frames ----

    @Override
    public void fromWorker(FrameType type, int flags, long sessionId, ByteBuffer payload) {
        ClientConnection connection = open.get(sessionId);
        if (connection == null || !connection.takesActions()) {
            counters.droppedStale++; // closed or closing: ids are never reused
            return;
        }
        try {
            if ((flags & FrameType.WEBSOCKET_FLAG) != 0) {
                if (!connection.layerFrame(type, flags, payload)) {
                    counters.droppedStale++;
                }
                return;
            }
            switch (type) {
                case SEND -> {
                    String refused = connection.sendFromWorker(payload);
                    if (refused != null) {
                        counters.overflows++;
                        toWorker(FrameType.SEND_FAILED, 0, sessionId, ByteBuffer.wrap(refused.getBytes(StandardCharsets.UTF_8)));
                    }
                }
                case RESPONSE_END -> connection.responseEnded();
                case CLOSE_REQUEST -> {
                    if ((flags & FrameType.RESET_FLAG) != 0) {
                        connection.reset();
                    } else {
                        connection.closeAfterOutput();
                    }
                }
                case PAUSE -> connection.pauseByApp();
                case RESUME -> connection.resumeByApp();
                default -> Log.warn("session " + SessionId.format(sessionId) + ": " + type + " ignored in server_mode=base");
            }
        } catch (IOException e) {
            close(connection, CloseReason.of(e));
        }
    }

    /**
     * Takes the backlog, closes the listeners, and ends each connection where its protocol allows;
     * after half of max_wait_time, what is still open closes once its output is written.
     */
    @Override
    public void drain() {
        acceptor.stopAfterBacklog();
        for (ClientConnection c : List.copyOf(open.values())) {
            try {
                c.drain();
            } catch (IOException e) {
                close(c, CloseReason.of(e));
            }
        }
        timers.schedule(config.maxWaitTime().toNanos() / 2, this::closeAfterOutput);
    }

    private void closeAfterOutput() {
        for (ClientConnection c : List.copyOf(open.values())) {
            try {
                c.closeAfterOutput();
            } catch (IOException e) {
                close(c, CloseReason.of(e));
            }
        }
    }

    @Override
    public boolean isEmpty() {
        return open.isEmpty();
    }

    @Override
    public void closeAll() {
        for (ClientConnection c : List.copyOf(open.values())) {
            c.serverStopping();
            close(c, CloseReason.SHUTDOWN);
        }
        closeListeners();
        Log.info("connections closed: " + counters);
    }

    private void closeListeners() {
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                Log.warn("listener close failed: " + e.getMessage());
            }
        }
    }

    /** heartbeat_check_interval: closes what has been silent for heartbeat_idle_time. */
    private void closeIdle() {
        long now = System.nanoTime();
        for (ClientConnection c : List.copyOf(open.values())) {
            if (now - c.lastReceiveNanos() >= config.heartbeatIdleTime().toNanos()) {
                counters.idleClosed++;
                try {
                    if (c.closeIdle()) {
                        continue;
                    }
                } catch (IOException e) {
                    close(c, CloseReason.of(e));
                    continue;
                }
                close(c, CloseReason.IDLE);
            }
        }
    }
}
