package drover.reactor;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.link.LinkLimits;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.PacketFramer;
import drover.reactor.protocol.RawFramer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reactor JVM. One thread, one selector: owns its client connections and its own link to every
 * worker, so the hot path takes no lock and hands nothing to another thread.
 */
final class ReactorThread implements Runnable {
    private enum LoopState { RUNNING, DRAINING, STOPPING, STOPPED }

    private static final int MAX_TASKS_PER_TURN = 64;

    private final int reactorId;
    private final int threadId;
    private final int generation;
    private final DroverConfig config;
    private final Selector selector;
    private final ServerSocketChannel linkServer;
    private final WorkerLink[] workers;
    private final Map<Long, ClientConnection> sessions = new HashMap<>();
    private final List<WorkerLink> dirtyLinks = new ArrayList<>();
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ReactorCounters counters = new ReactorCounters();
    private final int linkMaxPayload;
    private SelectionKey listenerKey;
    private volatile Thread loopThread;
    private long sequence;
    private long stopDeadline;
    private volatile LoopState state = LoopState.RUNNING;

    ReactorThread(int reactorId, int threadId, int generation, DroverConfig config,
                  ServerSocketChannel linkServer) throws IOException {
        this.reactorId = reactorId;
        this.threadId = threadId;
        this.generation = generation;
        this.config = config;
        this.linkServer = linkServer;
        this.linkMaxPayload = LinkLimits.maxPayload(config);
        this.selector = Selector.open();
        this.workers = new WorkerLink[config.workerNum()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new WorkerLink(i);
        }
        linkServer.configureBlocking(false);
        linkServer.register(selector, SelectionKey.OP_ACCEPT, new LinkAcceptor());
    }

    /**
     * Makes this thread the acceptor of the listener, handing new connections to every thread in
     * turn (as Swoole's main reactor does). That hand-off at accept is the only one: from then on a
     * connection lives on its thread. Call before the thread starts.
     */
    void acceptFor(ServerSocketChannel listener, List<ReactorThread> all) throws IOException {
        listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT, new Acceptor(listener, all));
    }

    int threadId() {
        return threadId;
    }

    ReactorCounters counters() {
        return counters;
    }

    /** The only entry point for other threads. */
    void execute(Runnable task) {
        inbox.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Server stop, first step: take no new connection and no new packet, and tell every worker
     * (DRAIN, after the packets already queued) that nothing more will come, so they can finish
     * what they hold and exit. Replies keep flowing back to clients until stop().
     */
    void drain() {
        execute(() -> {
            if (listenerKey != null) {
                listenerKey.cancel();
                listenerKey = null;
            }
            state = LoopState.DRAINING;
            for (ClientConnection c : sessions.values()) {
                c.pauseReading();
            }
            for (WorkerLink link : workers) {
                link.append(FrameType.DRAIN, 0, new byte[0]);
                dirtyLinks.add(link);
            }
        });
    }

    boolean isDraining() {
        return state != LoopState.RUNNING;
    }

    /** Server stop, last step: flush what clients are owed (bounded by max_wait_time), close everything. */
    void stop() {
        execute(() -> {
            state = LoopState.STOPPING;
            stopDeadline = System.nanoTime() + config.maxWaitTime().toNanos();
            for (ClientConnection c : new ArrayList<>(sessions.values())) {
                try {
                    c.closeAfterFlush();
                } catch (IOException e) {
                    closeConnection(c, CloseReason.of(e));
                }
            }
        });
    }

    @Override
    public void run() {
        loopThread = Thread.currentThread();
        try {
            while (state != LoopState.STOPPED) {
                selector.select(state == LoopState.STOPPING ? 50 : 1000);
                wakeupPending.set(false);
                for (SelectionKey key : selector.selectedKeys()) {
                    handleReady(key);
                }
                selector.selectedKeys().clear();
                runInbox();
                flushDirtyLinks();
                if (state == LoopState.STOPPING && (sessions.isEmpty() || System.nanoTime() > stopDeadline)) {
                    state = LoopState.STOPPED;
                }
            }
        } catch (IOException e) {
            Log.error("reactor thread " + threadId + " selector failed", e);
        } finally {
            shutDown();
        }
    }

    private void handleReady(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key);
        } catch (IOException e) {
            handler.onFailure(e);
        } catch (RuntimeException e) {
            Log.error("reactor thread " + threadId + ": unexpected failure on one peer, closing it", e);
            handler.onFailure(new IOException(e.toString(), e));
        }
    }

    private void runInbox() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = inbox.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.error("reactor thread " + threadId + ": task failed", e);
            }
        }
        if (!inbox.isEmpty()) {
            selector.wakeup(); // more tasks than one turn takes: come back without waiting
        }
    }

    private void flushDirtyLinks() {
        for (WorkerLink link : dirtyLinks) {
            flushLink(link.slot());
        }
        dirtyLinks.clear();
    }

    void flushLink(int slot) {
        try {
            workers[slot].flush();
        } catch (IOException e) {
            Log.warn("worker#" + slot + " link write failed on thread " + threadId + ": " + e.getMessage());
        }
    }

    // ---- clients ----

    private final class Acceptor implements IoHandler {
        private final ServerSocketChannel listener;
        private final List<ReactorThread> all;
        private int next;

        Acceptor(ServerSocketChannel listener, List<ReactorThread> all) {
            this.listener = listener;
            this.all = all;
        }

        @Override
        public void onReady(SelectionKey key) throws IOException {
            SocketChannel channel;
            while (state == LoopState.RUNNING && (channel = listener.accept()) != null) {
                ReactorThread owner = all.get(next);
                next = (next + 1) % all.size();
                owner.adopt(channel);
            }
        }

        @Override
        public void onFailure(IOException error) {
            // EMFILE and friends: the backlog keeps the client; the next turn retries (issue 4 adds back-off)
            Log.warn("accept failed on thread " + threadId + ": " + error.getMessage());
        }
    }

    /** Takes a just-accepted connection; called on the acceptor thread. */
    private void adopt(SocketChannel channel) {
        if (Thread.currentThread() == loopThread) {
            acceptOrClose(channel);
        } else {
            execute(() -> acceptOrClose(channel));
        }
    }

    private void acceptOrClose(SocketChannel channel) {
        try {
            if (state == LoopState.RUNNING) {
                accept(channel);
                return;
            }
        } catch (IOException e) {
            Log.warn("cannot take a new connection on thread " + threadId + ": " + e.getMessage());
        }
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
        int slot = (int) Long.remainderUnsigned(sequence, workers.length); // dispatch_mode 2: fixed per session
        String remote = describe(channel.getRemoteAddress());
        ClientConnection connection = new ClientConnection(sessionId, channel, slot, remote, newFramer(), this);
        connection.register(channel.register(selector, SelectionKey.OP_READ, connection));
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
        if (config.openLengthCheck()) {
            return new LengthFieldFramer(config.packageLengthType(), config.packageLengthOffset(),
                    config.packageBodyOffset(), config.packageMaxLength());
        }
        return new RawFramer();
    }

    boolean linkIsFull(int slot) {
        return workers[slot].isFull();
    }

    void onReadingPaused(ClientConnection connection) {
        workers[connection.workerSlot()].pause(connection);
    }

    void dispatchPacket(ClientConnection connection, ByteBuffer packet) {
        counters.packets++;
        if (workers[connection.workerSlot()].append(FrameType.DATA, connection.sessionId(), packet)) {
            dirtyLinks.add(workers[connection.workerSlot()]);
        }
    }

    void rejectPacket(ClientConnection connection, String why) {
        counters.rejectedPackets++;
        Log.warn("session " + SessionId.format(connection.sessionId()) + " from " + connection.remoteAddress()
                + ": " + why + "; closing the connection");
        closeConnection(connection, CloseReason.BAD_PACKET);
    }

    /** Ends a session exactly once and tells its worker (onClose). */
    void closeConnection(ClientConnection connection, CloseReason reason) {
        if (!connection.release()) {
            return;
        }
        sessions.remove(connection.sessionId());
        counters.closed++;
        queue(connection.workerSlot(), FrameType.CLOSE, connection.sessionId(), reason.text().getBytes(StandardCharsets.UTF_8));
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
                channel.configureBlocking(false);
                LinkChannel link = new LinkChannel(channel, ReactorThread.this, linkMaxPayload);
                link.register(channel.register(selector, SelectionKey.OP_READ, link));
            }
        }

        @Override
        public void onFailure(IOException error) {
            Log.warn("worker link accept failed on thread " + threadId + ": " + error.getMessage());
        }
    }

    void checkSlot(int slot, LinkChannel link) {
        if (slot < 0 || slot >= workers.length) {
            throw new IllegalArgumentException(link.describe() + " claims slot " + slot + " outside 0.." + (workers.length - 1));
        }
    }

    void attachLink(int slot, LinkChannel link) {
        Log.debug(link.describe() + " linked to thread " + threadId);
        workers[slot].attach(link);
        dirtyLinks.add(workers[slot]);
    }

    void detachLink(int slot, LinkChannel link) {
        workers[slot].detach(link);
        dirtyLinks.add(workers[slot]);
    }

    void onWorkerFrame(FrameHeader header, ByteBuffer payload) {
        ClientConnection connection = sessions.get(header.sessionId());
        if (connection == null) {
            // the session closed: never deliver to a newer connection (ids are never reused)
            counters.droppedStale++;
            return;
        }
        try {
            switch (header.type()) {
                case SEND -> connection.send(payload);
                case CLOSE_REQUEST -> connection.closeAfterFlush();
                default -> Log.warn("unexpected " + header.type() + " frame from worker#" + header.workerId());
            }
        } catch (IOException e) {
            closeConnection(connection, CloseReason.of(e));
        }
    }

    private void shutDown() {
        for (ClientConnection c : new ArrayList<>(sessions.values())) {
            closeConnection(c, CloseReason.SHUTDOWN);
        }
        flushDirtyLinks();
        try {
            selector.close();
            linkServer.close();
        } catch (IOException e) {
            Log.warn("reactor thread " + threadId + " close failed: " + e.getMessage());
        }
        Log.info("reactor thread " + threadId + " stopped: " + counters);
    }
}
