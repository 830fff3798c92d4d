package drover.worker;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import drover.common.loop.LoopRole;
import drover.common.loop.LoopState;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStores;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import drover.common.process.HeapTrim;
import drover.common.process.BootFailure;
import drover.common.process.LocalLink;
import drover.common.session.SessionId;
import drover.worker.api.DroverApp;
import drover.worker.http.ProtocolRouterApp;
import drover.worker.websocket.WebSocketAppAdapter;
import drover.worker.task.TaskClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the worker does on its one EventLoop: reactor frames in, app callbacks (on this thread or, in
 * worker_mode=virtual, handed to virtual threads), timers, replies out.
 */
final class WorkerLoop implements LoopRole, AppLoop {
    /** Joined large packets up to this size reuse pooled direct buffers (apps that take ByteBuffers)... */
    private static final int LARGEST_JOINED = 8 << 20;
    /** ...which hold at most this much memory, kept once allocated. */
    private static final long JOINED_DIRECT_BYTES = 16 << 20;

    private final ChildContext context;
    private final DroverApp app;
    private final List<ReactorPeer> peers;
    private final EventLoop loop;
    private final ServerHandle server;
    private final WorkerVitals vitals;
    private final SlowHandlerWatch slowHandlers;
    /** Gives back the heap a burst grew once it is over (HeapTrim); ticked with the heartbeat. */
    private final HeapTrim heapTrim = new HeapTrim();
    private final SessionTable sessions = new SessionTable();
    private final WorkerTimers timers;
    private final CallbackInvoker invoker;
    private final ReactorFrames frames;
    private final Consumer<WorkerTimers.Timer> timerCallback; // made once: the loop turns without allocating
    private final WorkerTasks tasks;
    private final List<ReactorPeer> dirty = new ArrayList<>();
    /** server_mode=base: this worker's own connections, in place of the reactor links; else null. */
    private final LocalLink local;
    private long stopDeadline;
    private boolean reading = true;
    private ExitCode exitCode = ExitCode.OK;

    WorkerLoop(ChildContext context, DroverApp app, List<ReactorPeer> peers) throws IOException {
        this(context, app, peers, null);
    }

    /** @param connections server_mode=base: opens this worker's own listeners on its loop (peers is then empty) */
    WorkerLoop(ChildContext context, DroverApp app, List<ReactorPeer> peers, LocalLink.Opener connections)
            throws IOException {
        this.context = context;
        this.app = app;
        this.peers = peers;
        this.loop = new EventLoop("worker loop");
        this.timers = new WorkerTimers(loop.timers());
        this.local = connections == null ? null : openConnections(connections);
        for (ReactorPeer peer : peers) {
            peer.register(loop.register(peer.channel(), SelectionKey.OP_READ, new PeerHandler(peer)));
            peer.deliverTo((header, payload) -> onFrame(peer, header, payload));
            dirty.add(peer); // the HELLO is queued
        }
        this.vitals = new WorkerVitals(context.control(), context.config());
        CallbackRunner runner = CallbackRunner.of(context.config().workerMode(), () -> execute(() -> { }));
        PayloadLimits limits = PayloadLimits.of(context.config());
        int maxPayload = limits.largest();
        this.tasks = new WorkerTasks(this, new TaskClient(loop, context.runDir(), context.args().slot(),
                context.config().taskWorkerNum(), context.config().taskQueueMax(), limits,
                PayloadStores.of(context.config())), maxPayload);
        this.server = new ServerHandle(this, context.args().slot(), context.config(), context.control(),
                maxPayload, sessions, timers, vitals, runner, tasks);
        this.invoker = new CallbackInvoker(app, server, runner, sessions::awaitsReply);
        ProtocolRouterApp protocolRouter = app instanceof ProtocolRouterApp router ? router : null;
        boolean webSocketApp = app instanceof WebSocketAppAdapter
                || (protocolRouter != null && protocolRouter.http() instanceof WebSocketAppAdapter);
        this.frames = new ReactorFrames(sessions, invoker, server, tasks, vitals, protocolRouter, webSocketApp);
        if (webSocketApp) {
            tasks.client().relayWebSockets(new TaskWorkerRelay(server.webSocketConnections()));
        }
        if (invoker.lendsPackets()) {
            // the app is done with a packet when onReceive returns: large ones stay where they arrived
            // (a ring's entry) or are joined in reused direct buffers, no array made for each
            BufferPool joined = new BufferPool(LARGEST_JOINED / 128, LARGEST_JOINED, JOINED_DIRECT_BYTES);
            for (ReactorPeer peer : peers) {
                peer.readInPlace(joined);
            }
        }
        this.timerCallback = invoker::timer;
        this.slowHandlers = new SlowHandlerWatch(runner, context.config().workerTimeout());
        tasks.attach(invoker);
        // libraries that look things up through the context class loader must find the app's classes;
        // the virtual threads of worker_mode=virtual inherit it from this thread, which starts them
        Thread.currentThread().setContextClassLoader(AppLoader.classLoaderOf(app));
    }

    // the connections' frames come as calls; the peer-less onFrame has no DRAIN to mark
    private LocalLink openConnections(LocalLink.Opener connections) throws IOException {
        try {
            return connections.open(loop, (header, payload) -> onFrame(null, header, payload));
        } catch (BootFailure e) {
            throw new ListenFailure(e);
        }
    }

    /** Base mode could not bind its listeners: the boot fails with LISTEN_FAILED (Worker.boot). */
    static final class ListenFailure extends IOException {
        final BootFailure failure;

        ListenFailure(BootFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    /** For READY: the addresses this worker listens on itself (base mode), else nothing. */
    String readyText() {
        return local == null ? "" : local.describeBound();
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public long onHeartbeat(long now) {
        slowHandlers.check(now);
        heapTrim.tick(now);
        for (ReactorPeer peer : peers) {
            peer.trimIdle(now); // the rings' memory too, after a burst of large replies
        }
        tasks.client().trimIdle(now);
        return vitals.onHeartbeat();
    }

    ServerHandle server() {
        return server;
    }

    String appName() {
        return AppServices.describe(app);
    }

    boolean inLoop() {
        return loop.inLoop();
    }

    /** Runs a task on the loop thread (the only cross-thread entry point). */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /** Tells every reactor thread this worker ran onWorkerStart: it now takes its slot's packets. */
    void announceReady() {
        for (ReactorPeer peer : peers) {
            queue(peer, FrameType.READY, 0, 0, new byte[0]);
        }
    }

    /**
     * The manager says stop. Keep serving until every reactor thread has said DRAIN (no more
     * packets for this worker), so nothing already dispatched here is lost; max_wait_time bounds it.
     */
    @Override
    public void stop() {
        execute(() -> {
            if (loop.state() == LoopState.RUNNING) {
                loop.moveTo(LoopState.STOPPING);
                stopDeadline = System.nanoTime() + context.config().maxWaitTime().toNanos();
                if (local != null) {
                    local.drain(); // the new worker (a reload) or nobody (a stop) takes new connections
                }
                invoker.workerExit();
            }
        });
    }

    /** TASK_WORKERS from the manager (any thread): the task workers to send tasks to from now on. */
    void taskWorkers(String list) {
        execute(() -> tasks.client().taskWorkers(list));
    }

    /**
     * Every reactor thread said DRAIN, every callback handed to a virtual thread has returned, and
     * every task this worker sent has been answered (its onFinish is still to come).
     */
    @Override
    public boolean doneStopping(long now) {
        if (now - stopDeadline > 0) {
            Log.warn("stop: not every reactor thread drained (or app callback returned) within max_wait_time;"
                    + " exiting anyway");
            return true;
        }
        for (ReactorPeer peer : peers) {
            if (!peer.isDrained()) {
                return false;
            }
        }
        return invoker.runner().inFlight() == 0 && tasks.client().outstanding() == 0 && loop.inboxEmpty()
                && (local == null || local.isEmpty());
    }

    /** Whether the session's reactor thread is one this worker is linked to (any thread may ask). */
    boolean reaches(long sessionId) {
        return local != null || SessionId.thread(sessionId) < context.config().reactorNum() && peerIndex(sessionId) < peers.size();
    }

    // peers are in (reactor, thread) order, reactor_num threads per reactor process
    private int peerIndex(long sessionId) {
        return SessionId.reactor(sessionId) * context.config().reactorNum() + SessionId.thread(sessionId);
    }

    /** Queues a frame to the reactor thread that owns the session. Loop thread only. */
    boolean queue(FrameType type, int flags, long sessionId, byte[] payload) {
        if (local != null) { // base mode: straight to the connection, on this thread
            local.fromWorker(type, flags, sessionId, ByteBuffer.wrap(payload));
            return true;
        }
        if (!reaches(sessionId)) {
            return false;
        }
        queue(peers.get(peerIndex(sessionId)), type, flags, sessionId, payload);
        return true;
    }

    /**
     * Queues the buffer's remaining bytes to the reactor thread that owns the session: copied now (the
     * caller may reuse the buffer on return), or, for the large packet that link lent, handed back
     * by reference (ReactorPeer.append). Its position is put back. Loop thread only.
     */
    void queue(FrameType type, int flags, long sessionId, ByteBuffer payload) {
        int position = payload.position();
        try {
            if (local != null) { // base mode: straight to the connection, on this thread
                local.fromWorker(type, flags, sessionId, payload);
                return;
            }
            ReactorPeer peer = peers.get(peerIndex(sessionId));
            if (peer.append(type, flags, sessionId, context.args().slot(), payload)) {
                dirty.add(peer);
            }
        } finally {
            payload.position(position);
        }
    }

    /**
     * Queues a pipe message for the reactor to pass on. All messages for one destination take the same
     * reactor thread, which is what keeps them in order. Loop thread only.
     */
    void queuePipeMessage(int toWorker, byte[] message) {
        byte[] payload = ByteBuffer.allocate(Integer.BYTES + message.length).putInt(toWorker).put(message).array();
        queue(peers.get(toWorker % peers.size()), FrameType.PIPE_MESSAGE, 0, 0, payload);
    }

    /** Loop thread only. */
    void armTimer(WorkerTimers.Timer timer, long dueNanos) {
        timers.arm(timer, dueNanos, timerCallback);
    }

    private void queue(ReactorPeer peer, FrameType type, int flags, long sessionId, byte[] payload) {
        if (peer.append(type, flags, sessionId, context.args().slot(), payload)) {
            dirty.add(peer);
        }
    }

    @Override
    public ExitCode run() {
        try {
            loop.run(this);
            finish();
        } catch (IOException e) {
            Log.error("worker loop failed", e);
            exitCode = ExitCode.CRASHED;
        }
        return exitCode;
    }

    /** What callbacks and other threads queued goes out before the loop may block. */
    @Override
    public void beforeSelect() throws IOException {
        flushDirty();
        frames.newTurn();
    }

    @Override
    public void afterTurn() {
        readIfAccepted();
    }

    /** worker_mode=virtual: stop reading the links while too many callbacks wait (CallbackRunner#acceptsMore). */
    private void readIfAccepted() {
        boolean accept = invoker.runner().acceptsMore(reading);
        if (accept != reading) {
            reading = accept;
            for (ReactorPeer peer : peers) {
                peer.setReading(accept);
            }
        }
    }

    /** One reactor link's ready events. */
    private final class PeerHandler implements IoHandler {
        private final ReactorPeer peer;

        PeerHandler(ReactorPeer peer) {
            this.peer = peer;
        }

        @Override
        public void onReady(SelectionKey key) throws IOException {
            if (key.isWritable()) {
                peer.flush();
            }
            try {
                if (key.isValid() && key.isReadable() && peer.read() < 0) {
                    linkLost(peer, "closed by the reactor");
                }
            } catch (FrameFormatException e) {
                linkLost(peer, e.getMessage());
            }
        }

        @Override
        public void onFailure(IOException error) {
            linkLost(peer, error.getMessage());
        }
    }

    /** Without its reactor link the worker cannot answer anyone: exit and let the manager respawn it. */
    private void linkLost(ReactorPeer peer, String why) {
        peer.markDrained();
        if (loop.state() == LoopState.RUNNING) {
            Log.error("link to " + peer.describe() + " lost (" + why + "); exiting");
            exitCode = ExitCode.CRASHED;
            loop.moveTo(LoopState.STOPPED);
        }
    }

    private void onFrame(ReactorPeer peer, FrameHeader header, ByteBuffer payload) {
        frames.onFrame(peer, header, payload);
    }

    /** Writes everything queued so far (the HELLO and READY frames at boot). */
    void flushDirty() throws IOException {
        for (int i = 0; i < dirty.size(); i++) { // by index: once a turn, and C1 would allocate an iterator
            dirty.get(i).flush();
        }
        dirty.clear();
        tasks.client().flush();
    }

    /** Graceful end: read what already arrived, run onWorkerStop, and write the last replies. */
    private void finish() throws IOException {
        if (local != null) {
            local.closeAll(); // what max_wait_time left open; their onClose runs before onWorkerStop
        }
        if (exitCode == ExitCode.OK) { // a stop, not a lost link
            invoker.workerStop();
            timers.clear(); // pending timers do not hold the worker up (Swoole's would, until cleared)
            loop.runRemainingTasks();
            flushAllBlocking(context.config().maxWaitTime().toMillis());
        }
        vitals.reportFinal(); // the app metrics counted since the last heartbeat
        tasks.client().close();
        loop.close();
        for (ReactorPeer peer : peers) {
            peer.channel().close();
        }
    }

    private void flushAllBlocking(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        flushDirty();
        for (ReactorPeer peer : peers) {
            while (peer.hasPending() && System.nanoTime() < deadline) {
                loop.awaitIo(10);
                peer.flush();
            }
        }
    }
}
