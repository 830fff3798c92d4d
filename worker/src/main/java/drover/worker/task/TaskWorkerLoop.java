package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.LinkGuard;
import drover.common.link.LinkInput;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import drover.common.loop.LoopRole;
import drover.common.loop.LoopState;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import drover.common.payload.PayloadStores;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import drover.common.process.HeapTrim;
import drover.worker.AppLoader;
import drover.worker.AppLoop;
import drover.worker.WorkerVitals;
import drover.worker.api.DroverApp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the task worker does on its one EventLoop: accepts worker links, queues their TASK frames
 * (at most task_queue_max waiting; the rest are refused at once), and runs onTask on this thread,
 * one task per turn and in arrival order, answering each with a FINISH on the link it came from. A task
 * that runs long keeps the loop (and its heartbeat) from turning, as in a worker: worker_timeout
 * catches one stuck for good.
 */
final class TaskWorkerLoop implements LoopRole, AppLoop {
    private static final byte[] EMPTY = new byte[0];

    private final ChildContext context;
    private final DroverApp app;
    private final ServerSocketChannel listener;
    private final Path socket;
    private final EventLoop loop;
    private final TaskServerHandle server;
    private final WorkerVitals vitals;
    /** Gives back the heap a burst of tasks grew once it is over (HeapTrim); ticked with the heartbeat. */
    private final HeapTrim heapTrim = new HeapTrim();
    private final PayloadLimits limits;
    private final PayloadStore store;
    private final int queueMax;
    /** Who may send tasks (LinkGuard): the manager's own worker JVMs only. */
    private final LinkGuard linkGuard = LinkGuard.forThisChild();
    private final List<WorkerConnection> connections = new ArrayList<>();
    private final ArrayDeque<QueuedTask> queue = new ArrayDeque<>();
    private long stopDeadline;

    TaskWorkerLoop(ChildContext context, DroverApp app, ServerSocketChannel listener, Path socket) throws IOException {
        this.context = context;
        this.app = app;
        this.listener = listener;
        this.socket = socket;
        this.loop = new EventLoop("task worker loop");
        this.limits = PayloadLimits.of(context.config());
        this.store = PayloadStores.of(context.config());
        this.queueMax = context.config().taskQueueMax();
        loop.register(listener, SelectionKey.OP_ACCEPT, new LinkAcceptor());
        this.vitals = new WorkerVitals(context.control(), context.config().taskMaxRequest(),
                context.config().taskMaxRequest() / 2, "task_max_request", "tasks")
                .recycleAboveRss(context.config().workerMaxRss()).reportQueueDepth(queue::size);
        this.server = new TaskServerHandle(context, vitals, queue::size, new TaskWebSockets(loop, connections,
                context.config().workerNum() + context.args().slot(), limits.largest()));
        Thread.currentThread().setContextClassLoader(AppLoader.classLoaderOf(app));
    }

    TaskServerHandle server() {
        return server;
    }

    String appName() {
        return app.getClass().getName();
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public long onHeartbeat(long now) {
        heapTrim.tick(now);
        for (WorkerConnection c : connections) {
            c.trimIdle(now); // large results' ring memory, after a burst
        }
        return vitals.onHeartbeat();
    }

    /**
     * The manager says stop (server stop, reload, recycle). Keep answering until every worker link
     * has said DRAIN or closed (so every task already sent here is answered) and the queue is
     * empty; max_wait_time bounds it.
     */
    @Override
    public void stop() {
        loop.execute(() -> {
            if (loop.state() == LoopState.RUNNING) {
                loop.moveTo(LoopState.STOPPING);
                stopDeadline = System.nanoTime() + context.config().maxWaitTime().toNanos();
                guard("onWorkerExit", () -> app.onWorkerExit(server, server.workerId()));
            }
        });
    }

    @Override
    public ExitCode run() {
        try {
            loop.run(this);
            finish();
            return ExitCode.OK;
        } catch (IOException e) {
            Log.error("task worker loop failed", e);
            return ExitCode.CRASHED;
        } finally {
            removeSocket();
        }
    }

    @Override
    public void beforeSelect() {
        flushAll();
    }

    /** A queued task runs now rather than after a select. */
    @Override
    public boolean hasReadyWork() {
        return !queue.isEmpty();
    }

    @Override
    public void afterTurn() {
        runOneTask();
    }

    @Override
    public boolean doneStopping(long now) {
        if (now - stopDeadline > 0) {
            if (!queue.isEmpty()) {
                Log.warn("stop: " + queue.size() + " tasks not run within max_wait_time; answering them as failed");
            }
            QueuedTask task;
            while ((task = queue.poll()) != null) {
                answerFailed(task, "task worker stopping: max_wait_time passed before the task ran");
            }
            return true;
        }
        if (!queue.isEmpty()) {
            return false;
        }
        for (WorkerConnection c : connections) {
            if (!c.drained()) {
                return false;
            }
        }
        return true;
    }

    /** The listener: a worker links. */
    private final class LinkAcceptor implements IoHandler {
        @Override
        public void onReady(SelectionKey key) throws IOException {
            SocketChannel channel;
            while ((channel = listener.accept()) != null) {
                WorkerConnection connection = new WorkerConnection(channel, limits, store);
                connection.register(loop.register(channel, SelectionKey.OP_READ, new ConnectionHandler(connection)));
                connections.add(connection);
            }
        }

        @Override
        public void onFailure(IOException error) {
            Log.warn("accepting a worker link failed: " + error.getMessage());
        }
    }

    /** One worker link's ready events. */
    private final class ConnectionHandler implements IoHandler {
        private final WorkerConnection connection;

        ConnectionHandler(WorkerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onReady(SelectionKey key) throws IOException {
            try {
                if (key.isValid() && key.isWritable()) {
                    connection.flush();
                }
                if (key.isValid() && key.isReadable() && connection.read((h, p) -> onFrame(connection, h, p)) < 0) {
                    lost(connection, "closed by the worker");
                }
            } catch (FrameFormatException e) {
                lost(connection, e.getMessage());
            }
        }

        @Override
        public void onFailure(IOException error) {
            lost(connection, error.getMessage());
        }
    }

    /** A worker went away (it exited, or was killed): the results of its queued tasks have nowhere to go. */
    private void lost(WorkerConnection connection, String why) {
        connection.close();
        connections.remove(connection);
        int dropped = 0;
        for (var it = queue.iterator(); it.hasNext(); ) {
            if (it.next().from() == connection) {
                it.remove();
                dropped++;
            }
        }
        if (dropped > 0 || !connection.drained()) {
            Log.info("link from " + connection.describe() + " ended (" + why + ")"
                    + (dropped > 0 ? "; dropped its " + dropped + " queued tasks" : ""));
        }
    }

    private void onFrame(WorkerConnection connection, FrameHeader header, ByteBuffer payload) {
        if (!connection.isOpen()) {
            return; // refused: what came with its HELLO is dropped
        }
        switch (header.type()) {
            case HELLO -> identify(connection, Hello.decode(payload));
            case TASK -> {
                if (!connection.identified()) {
                    refuse(connection, "a link that sent a task before its HELLO");
                    return;
                }
                QueuedTask task = new QueuedTask(connection, header.sessionId(), header.workerId(), LinkInput.bytes(payload));
                if (queue.size() >= queueMax) {
                    answerFailed(task, "task queue full (task_queue_max " + queueMax + ")");
                } else {
                    queue.add(task);
                }
            }
            case DRAIN -> connection.markDrained();
            case CONNECT, CLOSE -> {
                if ((header.flags() & FrameType.NOTICE_FLAG) != 0 && connection.identified()) {
                    connection.webSocketNotice(header.type(), header.sessionId());
                }
            }
            default -> Log.warn("unexpected " + header.type() + " frame from " + connection.describe());
        }
    }

    private void identify(WorkerConnection connection, Hello hello) {
        String refusal = linkGuard.refusal(connection.channel(), hello);
        if (refusal != null) {
            refuse(connection, "a link that says it is " + hello.describe() + ": " + refusal);
            return;
        }
        connection.identify(hello.describe());
    }

    // a process the manager did not start would have the app run its tasks and read their results
    private void refuse(WorkerConnection connection, String who) {
        Log.warn("refused " + who);
        lost(connection, "refused");
    }

    private void runOneTask() {
        QueuedTask task = queue.poll();
        if (task == null) {
            return;
        }
        byte[] result;
        try {
            result = app.onTask(server, task.taskId(), task.fromWorkerId(), task.data());
        } catch (Exception | LinkageError e) { // as CallbackInvoker: the app's failure, not the JVM's
            Log.error("onTask threw for task " + task.taskId() + " from worker#" + task.fromWorkerId(), e);
            answerFailed(task, "onTask threw " + e);
            vitals.countRequest();
            return;
        }
        vitals.countRequest();
        result = result == null ? EMPTY : result;
        if (result.length > limits.largest()) {
            answerFailed(task, "onTask returned " + result.length + " bytes, over the " + limits.largest()
                    + "-byte limit of a link message");
        } else {
            answer(task, 0, result);
        }
    }

    private void answerFailed(QueuedTask task, String reason) {
        answer(task, FrameType.TASK_FAILED_FLAG, reason.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(QueuedTask task, int flags, byte[] payload) {
        if (task.from().isOpen()) {
            task.from().append(FrameType.FINISH, flags, task.taskId(), context.args().slot(), payload);
        }
    }

    private void flushAll() {
        for (WorkerConnection c : List.copyOf(connections)) {
            if (c.hasPending()) {
                try {
                    c.flush();
                } catch (IOException e) {
                    lost(c, e.getMessage());
                }
            }
        }
    }

    /** Graceful end: onWorkerStop, then the last answers written out (bounded by max_wait_time). */
    private void finish() throws IOException {
        guard("onWorkerStop", () -> app.onWorkerStop(server, server.workerId()));
        long deadline = System.nanoTime() + context.config().maxWaitTime().toNanos();
        flushAll();
        while (connections.stream().anyMatch(c -> c.hasPending()) && System.nanoTime() - deadline < 0) {
            loop.awaitIo(10);
            flushAll();
        }
        vitals.reportFinal(); // the app metrics counted since the last heartbeat
        for (WorkerConnection c : List.copyOf(connections)) {
            c.close();
        }
        loop.close();
        listener.close();
    }

    /** The socket file goes with the process, so a stopped task worker leaves nothing in the run dir. */
    void removeSocket() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Log.warn("cannot remove " + socket + ": " + e.getMessage());
        }
    }

    private static void guard(String callback, Runnable call) {
        try {
            call.run();
        } catch (Exception | LinkageError e) {
            Log.error(callback + " threw", e);
        }
    }
}
