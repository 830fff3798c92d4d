package drover.worker;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameType;
import drover.common.link.ControlLink;
import drover.worker.api.Atomic;
import drover.worker.api.ClientInfo;
import drover.worker.api.Server;
import drover.worker.api.Table;
import drover.worker.api.TaskException;
import drover.worker.api.TimerCallback;
import drover.worker.api.WorkerStats;
import drover.worker.http.HttpExchangeHandler;
import drover.worker.table.SharedTables;
import drover.worker.websocket.WebSocketConnections;
import drover.worker.websocket.WebSocketSet;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The app's handle on the server. Callable from any thread: what touches the links or the due timers
 * runs on the worker loop (at once when called there, else through its inbox, which keeps one
 * thread's calls in order); answers that need no loop state are computed on the caller's thread.
 */
final class ServerHandle implements WebSocketSet.Forwarding, HttpExchangeHandler.Sessions, WebSocketConnections.Holder {
    private static final byte[] EMPTY = new byte[0];

    private final WorkerLoop loop;
    private final int workerId;
    private final DroverConfig config;
    private final ControlLink control;
    private final int maxPayload;
    private final SessionTable sessions;
    private final WorkerTimers timers;
    private final WorkerVitals vitals;
    private final CallbackRunner runner;
    private final WorkerTasks tasks;
    private final WebSocketConnections webSockets;
    private final Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    ServerHandle(WorkerLoop loop, int workerId, DroverConfig config, ControlLink control, int maxPayload,
                 SessionTable sessions, WorkerTimers timers, WorkerVitals vitals, CallbackRunner runner, WorkerTasks tasks) {
        this.loop = loop;
        this.workerId = workerId;
        this.config = config;
        this.control = control;
        this.maxPayload = maxPayload;
        this.sessions = sessions;
        this.timers = timers;
        this.vitals = vitals;
        this.runner = runner;
        this.tasks = tasks;
        this.webSockets = new WebSocketConnections(this::toSession, maxPayload);
    }

    // ---- WebSocketServer: the server's WebSocket connections, as every worker knows them ----

    @Override
    public WebSocketConnections webSocketConnections() {
        return webSockets;
    }

    @Override
    public WebSocketSet webSocketSet() {
        return webSockets;
    }

    @Override
    public boolean send(long sessionId, byte[] data) {
        if (data.length > maxPayload) {
            throw new IllegalArgumentException("send of " + data.length + " bytes exceeds the " + maxPayload
                    + "-byte limit of a link message (session " + Long.toUnsignedString(sessionId) + ")");
        }
        boolean sent = toSession(FrameType.SEND, 0, sessionId, data);
        if (sent) {
            sessions.replied(sessionId);
        }
        return sent;
    }

    @Override
    public boolean send(long sessionId, ByteBuffer data) {
        int length = data.remaining();
        if (length > maxPayload) {
            throw new IllegalArgumentException("send of " + length + " bytes exceeds the " + maxPayload
                    + "-byte limit of a link message (session " + Long.toUnsignedString(sessionId) + ")");
        }
        if (!loop.reaches(sessionId)) {
            return false;
        }
        sessions.replied(sessionId);
        if (loop.inLoop()) { // copied into the link or its payload ring now, or a lent large packet handed back
            loop.queue(FrameType.SEND, 0, sessionId, data);
            return true;
        }
        byte[] copy = new byte[length]; // the loop runs this later: the caller may reuse its buffer at once
        data.get(data.position(), copy);
        loop.execute(() -> loop.queue(FrameType.SEND, 0, sessionId, copy));
        return true;
    }

    @Override
    public boolean close(long sessionId, boolean reset) {
        return toSession(FrameType.CLOSE_REQUEST, reset ? FrameType.RESET_FLAG : 0, sessionId, EMPTY);
    }

    @Override
    public boolean close(long sessionId) {
        return close(sessionId, false); // both Server's default and HttpExchangeHandler.Sessions name it
    }

    /** HTTP: a response is whole (FrameType.RESPONSE_END); after its last send, on the same path. */
    @Override
    public void responseEnded(long sessionId) {
        toSession(FrameType.RESPONSE_END, 0, sessionId, EMPTY);
    }

    @Override
    public boolean wantsResponseSummaries() {
        return config.httpAccessLog().isPresent();
    }

    @Override
    public void responseEnded(long sessionId, byte[] summary) {
        toSession(FrameType.RESPONSE_END, 0, sessionId, summary);
    }

    @Override
    public boolean exists(long sessionId) {
        return sessions.holds(sessionId);
    }

    @Override
    public Optional<ClientInfo> clientInfo(long sessionId) {
        return sessions.info(sessionId);
    }

    @Override
    public Set<Long> connections() {
        return sessions.snapshot();
    }

    @Override
    public boolean bind(long sessionId, long uid) {
        if (config.dispatchMode() == 5 && Long.remainderUnsigned(uid, config.workerNum()) != workerId) {
            sessions.closed(sessionId); // its packets and close go to another worker from now on
        }
        return toSession(FrameType.BIND, 0, sessionId, ByteBuffer.allocate(Long.BYTES).putLong(uid).array());
    }

    @Override
    public boolean pause(long sessionId) {
        return toSession(FrameType.PAUSE, 0, sessionId, EMPTY);
    }

    @Override
    public boolean resume(long sessionId) {
        return toSession(FrameType.RESUME, 0, sessionId, EMPTY);
    }

    @Override
    public boolean sendMessage(int toWorker, byte[] message) {
        if (config.baseMode()) {
            throw new UnsupportedOperationException("sendMessage needs server_mode=process: in base mode the workers"
                    + " have no link to each other (docs/OPERATIONS.md, \"Base mode\")");
        }
        if (toWorker < 0 || toWorker >= config.workerNum()) {
            throw new IllegalArgumentException("sendMessage to worker " + toWorker + ": outside 0.." + (config.workerNum() - 1));
        }
        if (message.length > maxPayload - Integer.BYTES) {
            throw new IllegalArgumentException("message of " + message.length + " bytes exceeds the "
                    + (maxPayload - Integer.BYTES) + "-byte pipe message limit");
        }
        onLoop(() -> loop.queuePipeMessage(toWorker, message));
        return true;
    }

    @Override
    public long task(byte[] data) {
        return tasks.task(data);
    }

    @Override
    public CompletableFuture<byte[]> taskAsync(byte[] data) {
        return tasks.taskAsync(data);
    }

    @Override
    public byte[] taskwait(byte[] data, Duration timeout) throws TaskException {
        return tasks.taskwait(data, timeout);
    }

    @Override
    public List<byte[]> taskWaitMulti(List<byte[]> data, Duration timeout) {
        return tasks.taskWaitMulti(data, timeout);
    }

    @Override
    public long after(long delayMillis, TimerCallback callback) {
        return schedule(delayMillis, false, callback);
    }

    @Override
    public long tick(long intervalMillis, TimerCallback callback) {
        return schedule(intervalMillis, true, callback);
    }

    private long schedule(long millis, boolean repeat, TimerCallback callback) {
        long due = System.nanoTime() + millis * 1_000_000;
        WorkerTimers.Timer timer = timers.create(millis, repeat, callback);
        onLoop(() -> loop.armTimer(timer, due));
        return timer.id();
    }

    @Override
    public boolean clearTimer(long timerId) {
        return timers.cancel(timerId);
    }

    @Override
    public WorkerStats stats() {
        return new WorkerStats(workerId, started, vitals.requests(), sessions.size(), timers.pending(), runner.inFlight());
    }

    @Override
    public int workerId() {
        return workerId;
    }

    @Override
    public int workerNum() {
        return config.workerNum();
    }

    @Override
    public boolean isTaskWorker() {
        return false;
    }

    @Override
    public boolean reload() {
        return control.askManager("reload");
    }

    @Override
    public boolean shutdown() {
        return control.askManager("stop");
    }

    private boolean toSession(FrameType type, int flags, long sessionId, byte[] payload) {
        if (!loop.reaches(sessionId)) {
            return false;
        }
        if (loop.inLoop()) { // the usual case, without a lambda (C1 allocates one through a slow call)
            loop.queue(type, flags, sessionId, payload);
        } else {
            loop.execute(() -> loop.queue(type, flags, sessionId, payload));
        }
        return true;
    }

    private void onLoop(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    @Override
    public Table table(String name) {
        return SharedTables.of(config).table(name);
    }

    @Override
    public Atomic atomic(String name) {
        return SharedTables.of(config).atomic(name);
    }
}
