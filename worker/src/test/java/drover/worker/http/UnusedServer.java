package drover.worker.http;

import drover.worker.api.ClientInfo;
import drover.worker.api.Server;
import drover.worker.api.TimerCallback;
import drover.worker.api.WorkerStats;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A Server for unit tests of code that uses only part of it: a test overrides what it needs, the rest throws. */
abstract class UnusedServer implements Server {
    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by this test");
    }

    @Override
    public boolean send(long sessionId, byte[] data) {
        throw unused();
    }

    @Override
    public boolean send(long sessionId, ByteBuffer data) {
        throw unused();
    }

    @Override
    public boolean close(long sessionId, boolean reset) {
        throw unused();
    }

    @Override
    public boolean exists(long sessionId) {
        throw unused();
    }

    @Override
    public Optional<ClientInfo> clientInfo(long sessionId) {
        throw unused();
    }

    @Override
    public Set<Long> connections() {
        throw unused();
    }

    @Override
    public boolean bind(long sessionId, long uid) {
        throw unused();
    }

    @Override
    public boolean pause(long sessionId) {
        throw unused();
    }

    @Override
    public boolean resume(long sessionId) {
        throw unused();
    }

    @Override
    public boolean sendMessage(int workerId, byte[] message) {
        throw unused();
    }

    @Override
    public long after(long delayMillis, TimerCallback callback) {
        throw unused();
    }

    @Override
    public long tick(long intervalMillis, TimerCallback callback) {
        throw unused();
    }

    @Override
    public boolean clearTimer(long timerId) {
        throw unused();
    }

    @Override
    public WorkerStats stats() {
        throw unused();
    }

    @Override
    public int workerId() {
        throw unused();
    }

    @Override
    public int workerNum() {
        throw unused();
    }

    @Override
    public boolean isTaskWorker() {
        return false;
    }

    @Override
    public boolean reload() {
        throw unused();
    }

    @Override
    public boolean shutdown() {
        throw unused();
    }

    @Override
    public long task(byte[] data) {
        throw unused();
    }

    @Override
    public CompletableFuture<byte[]> taskAsync(byte[] data) {
        throw unused();
    }

    @Override
    public byte[] taskwait(byte[] data, Duration timeout) {
        throw unused();
    }

    @Override
    public List<byte[]> taskWaitMulti(List<byte[]> tasks, Duration timeout) {
        throw unused();
    }
}
