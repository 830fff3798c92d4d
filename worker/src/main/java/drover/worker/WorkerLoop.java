package drover.worker;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.link.LinkLimits;
import drover.common.log.Log;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import drover.common.session.SessionId;
import drover.worker.api.DroverApp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The worker's single event loop: reactor frames in, app callbacks, replies out. */
final class WorkerLoop {
    private enum LoopState { RUNNING, STOPPING, STOPPED }

    private final ChildContext context;
    private final DroverApp app;
    private final List<ReactorPeer> peers;
    private final Selector selector;
    private final ServerHandle server;
    private final WorkerVitals vitals;
    private final List<ReactorPeer> dirty = new ArrayList<>();
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile LoopState state = LoopState.RUNNING;
    private Thread loopThread;
    private long stopDeadline;
    private ExitCode exitCode = ExitCode.OK;

    WorkerLoop(ChildContext context, DroverApp app, List<ReactorPeer> peers) throws IOException {
        this.context = context;
        this.app = app;
        this.peers = peers;
        this.selector = Selector.open();
        for (ReactorPeer peer : peers) {
            peer.channel().configureBlocking(false);
            peer.register(peer.channel().register(selector, SelectionKey.OP_READ, peer));
            dirty.add(peer); // the HELLO is queued
        }
        this.server = new ServerHandle(this, context.args().slot(), LinkLimits.maxPayload(context.config()));
        this.vitals = new WorkerVitals(context.control(), context.config());
        this.loopThread = Thread.currentThread();
    }

    ServerHandle server() {
        return server;
    }

    String appName() {
        return AppServices.describe(app);
    }

    boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** Runs a task on the loop thread (the only cross-thread entry point). */
    void execute(Runnable task) {
        inbox.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
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
    void stop() {
        execute(() -> {
            if (state == LoopState.RUNNING) {
                state = LoopState.STOPPING;
                stopDeadline = System.nanoTime() + context.config().maxWaitTime().toNanos();
            }
        });
    }

    private boolean finishedDraining() {
        if (System.nanoTime() > stopDeadline) {
            Log.warn("stop: not every reactor thread drained within max_wait_time; exiting anyway");
            return true;
        }
        for (ReactorPeer peer : peers) {
            if (!peer.isDrained()) {
                return false;
            }
        }
        return true;
    }

    /** EOF on the control link: the manager is gone, so this worker must not outlive it. */
    void managerGone() {
        if (state == LoopState.RUNNING) {
            Log.warn("the manager is gone; exiting");
            Runtime.getRuntime().halt(ExitCode.ORPHANED.code());
        }
    }

    /** Queues a frame to the reactor thread that owns the session. */
    boolean queue(FrameType type, int flags, long sessionId, byte[] payload) {
        int thread = SessionId.thread(sessionId);
        if (SessionId.reactor(sessionId) != 0 || thread >= peers.size()) {
            return false;
        }
        queue(peers.get(thread), type, flags, sessionId, payload);
        return true;
    }

    private void queue(ReactorPeer peer, FrameType type, int flags, long sessionId, byte[] payload) {
        if (peer.append(type, flags, sessionId, context.args().slot(), payload)) {
            dirty.add(peer);
        }
    }

    ExitCode run() {
        loopThread = Thread.currentThread();
        try {
            while (state == LoopState.RUNNING || (state == LoopState.STOPPING && !finishedDraining())) {
                flushDirty(); // before blocking: what callbacks and other threads queued goes out now
                selector.select(state == LoopState.RUNNING ? vitals.millisToNextBeat(System.nanoTime()) : 50);
                wakeupPending.set(false);
                for (SelectionKey key : selector.selectedKeys()) {
                    handleReady(key);
                }
                selector.selectedKeys().clear();
                runInbox();
                vitals.beatIfDue(System.nanoTime());
            }
            finish();
        } catch (IOException e) {
            Log.error("worker loop failed", e);
            exitCode = ExitCode.CRASHED;
        }
        return exitCode;
    }

    private void handleReady(SelectionKey key) {
        ReactorPeer peer = (ReactorPeer) key.attachment();
        try {
            if (key.isWritable()) {
                peer.flush();
            }
            if (key.isValid() && key.isReadable() && peer.read((header, payload) -> onFrame(peer, header, payload)) < 0) {
                linkLost(peer, "closed by the reactor");
            }
        } catch (IOException | FrameFormatException e) {
            linkLost(peer, e.getMessage());
        }
    }

    /** Without its reactor link the worker cannot answer anyone: exit and let the manager respawn it. */
    private void linkLost(ReactorPeer peer, String why) {
        peer.markDrained();
        if (state == LoopState.RUNNING) {
            Log.error("link to " + peer.describe() + " lost (" + why + "); exiting");
            exitCode = ExitCode.CRASHED;
            state = LoopState.STOPPED;
        }
    }

    private void onFrame(ReactorPeer peer, FrameHeader header, ByteBuffer payload) {
        long session = header.sessionId();
        switch (header.type()) {
            case DATA -> {
                byte[] data = new byte[payload.remaining()];
                payload.get(data);
                vitals.countRequest();
                invoke("onReceive", session, () -> app.onReceive(server, session, data));
            }
            case CONNECT -> invoke("onConnect", session, () -> app.onConnect(server, session));
            case CLOSE -> invoke("onClose", session, () -> app.onClose(server, session));
            case DRAIN -> peer.markDrained();
            case SEND_FAILED -> {
                String reason = StandardCharsets.UTF_8.decode(payload).toString();
                invoke("onSendFailed", session, () -> app.onSendFailed(server, session, reason));
            }
            default -> Log.warn("unexpected " + header.type() + " frame from the reactor");
        }
    }

    /** App code runs here: an exception is logged with its session and goes no further. */
    private void invoke(String callback, long session, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Log.error(callback + " threw for session " + SessionId.format(session), e);
        }
    }

    private void runInbox() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.error("worker task failed", e);
            }
        }
    }

    /** Writes everything queued so far (the HELLO and READY frames at boot). */
    void flushDirty() throws IOException {
        for (ReactorPeer peer : dirty) {
            peer.flush();
        }
        dirty.clear();
    }

    /** Graceful end: read what already arrived, run onWorkerStop, and write the last replies. */
    private void finish() throws IOException {
        if (state == LoopState.STOPPING) {
            try {
                app.onWorkerStop(server, context.args().slot());
            } catch (RuntimeException e) {
                Log.error("onWorkerStop threw", e);
            }
            runInbox();
            flushAllBlocking(context.config().maxWaitTime().toMillis());
        }
        state = LoopState.STOPPED;
        selector.close();
        for (ReactorPeer peer : peers) {
            peer.channel().close();
        }
    }

    private void flushAllBlocking(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        flushDirty();
        for (ReactorPeer peer : peers) {
            while (peer.pending() > 0 && System.nanoTime() < deadline) {
                selector.select(10);
                selector.selectedKeys().clear();
                peer.flush();
            }
        }
    }
}
