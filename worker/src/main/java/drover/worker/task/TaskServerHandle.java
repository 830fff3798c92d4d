package drover.worker.task;

import drover.common.process.ChildContext;
import drover.worker.WorkerVitals;
import drover.worker.api.Atomic;
import drover.worker.api.ClientInfo;
import drover.worker.api.Server;
import drover.worker.api.Table;
import drover.worker.api.TimerCallback;
import drover.worker.api.WorkerStats;
import drover.worker.table.SharedTables;
import drover.worker.websocket.WebSocketSet;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The Server a task worker's app sees. A task worker holds no sessions and is linked to no reactor,
 * so the session, pipe message and timer methods are refused with a clear exception, and so are
 * tasks (a task cannot start tasks, as in Swoole). Its id is worker_num + its slot. The WebSocket
 * calls go through a worker ({@link TaskWebSockets}), so a task may broadcast.
 */
final class TaskServerHandle implements WebSocketSet.Forwarding {
    private final ChildContext context;
    private final WorkerVitals vitals;
    private final IntSupplier waiting;
    private final TaskWebSockets webSockets;
    private final Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    TaskServerHandle(ChildContext context, WorkerVitals vitals, IntSupplier waiting, TaskWebSockets webSockets) {
        this.context = context;
        this.vitals = vitals;
        this.waiting = waiting;
        this.webSockets = webSockets;
    }

    // ---- WebSocketServer: through a worker, which relays to the reactor ----

    @Override
    public WebSocketSet webSocketSet() {
        return webSockets;
    }

    private UnsupportedOperationException notHere(String what) {
        return new UnsupportedOperationException(what + " is not available in a task worker (task worker id "
                + workerId() + "): it holds no sessions; return a result from onTask and act on it in onFinish");
    }

    private IllegalStateException noTasks() {
        return new IllegalStateException("a task worker cannot start tasks (task worker id " + workerId() + ")");
    }

    @Override
    public boolean send(long sessionId, byte[] data) {
        throw notHere("send");
    }

    @Override
    public boolean send(long sessionId, ByteBuffer data) {
        throw notHere("send");
    }

    @Override
    public boolean close(long sessionId, boolean reset) {
        throw notHere("close");
    }

    @Override
    public boolean exists(long sessionId) {
        return false;
    }

    @Override
    public Optional<ClientInfo> clientInfo(long sessionId) {
        return Optional.empty();
    }

    @Override
    public Set<Long> connections() {
        return Set.of();
    }

    @Override
    public boolean bind(long sessionId, long uid) {
        throw notHere("bind");
    }

    @Override
    public boolean pause(long sessionId) {
        throw notHere("pause");
    }

    @Override
    public boolean resume(long sessionId) {
        throw notHere("resume");
    }

    @Override
    public boolean sendMessage(int workerId, byte[] message) {
        throw notHere("sendMessage");
    }

    @Override
    public long task(byte[] data) {
        throw noTasks();
    }

    @Override
    public CompletableFuture<byte[]> taskAsync(byte[] data) {
        throw noTasks();
    }

    @Override
    public byte[] taskwait(byte[] data, Duration timeout) {
        throw noTasks();
    }

    @Override
    public List<byte[]> taskWaitMulti(List<byte[]> tasks, Duration timeout) {
        throw noTasks();
    }

    @Override
    public long after(long delayMillis, TimerCallback callback) {
        throw notHere("after");
    }

    @Override
    public long tick(long intervalMillis, TimerCallback callback) {
        throw notHere("tick");
    }

    @Override
    public boolean clearTimer(long timerId) {
        return false;
    }

    @Override
    public WorkerStats stats() {
        return new WorkerStats(workerId(), started, vitals.requests(), 0, 0, waiting.getAsInt());
    }

    @Override
    public int workerId() {
        return context.config().workerNum() + context.args().slot();
    }

    @Override
    public int workerNum() {
        return context.config().workerNum();
    }

    @Override
    public boolean isTaskWorker() {
        return true;
    }

    @Override
    public boolean reload() {
        return context.control().askManager("reload");
    }

    @Override
    public boolean shutdown() {
        return context.control().askManager("stop");
    }

    @Override
    public Table table(String name) {
        return SharedTables.of(context.config()).table(name);
    }

    @Override
    public Atomic atomic(String name) {
        return SharedTables.of(context.config()).atomic(name);
    }
}
