package drover.worker;

import drover.common.frame.FrameType;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** The app's handle on the server; calls from other threads hop onto the worker loop. */
final class ServerHandle implements Server {
    private static final byte[] EMPTY = new byte[0];

    private final WorkerLoop loop;
    private final int workerId;
    private final int maxPayload;

    ServerHandle(WorkerLoop loop, int workerId, int maxPayload) {
        this.loop = loop;
        this.workerId = workerId;
        this.maxPayload = maxPayload;
    }

    @Override
    public boolean send(long sessionId, byte[] data) {
        if (data.length > maxPayload) {
            throw new IllegalArgumentException("send of " + data.length + " bytes exceeds the " + maxPayload
                    + "-byte link frame limit (session " + Long.toUnsignedString(sessionId) + ")");
        }
        return onLoop(FrameType.SEND, 0, sessionId, data);
    }

    @Override
    public boolean close(long sessionId, boolean reset) {
        return onLoop(FrameType.CLOSE_REQUEST, reset ? FrameType.RESET_FLAG : 0, sessionId, EMPTY);
    }

    @Override
    public boolean bind(long sessionId, long uid) {
        return onLoop(FrameType.BIND, 0, sessionId, ByteBuffer.allocate(Long.BYTES).putLong(uid).array());
    }

    @Override
    public int workerId() {
        return workerId;
    }

    private boolean onLoop(FrameType type, int flags, long sessionId, byte[] payload) {
        if (loop.inLoop()) {
            return loop.queue(type, flags, sessionId, payload);
        }
        CompletableFuture<Boolean> queued = new CompletableFuture<>();
        loop.execute(() -> queued.complete(loop.queue(type, flags, sessionId, payload)));
        return queued.join();
    }
}
