package drover.worker;

import drover.common.frame.FrameType;
import drover.worker.api.Server;
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
        return onLoop(FrameType.SEND, sessionId, data);
    }

    @Override
    public boolean close(long sessionId) {
        return onLoop(FrameType.CLOSE_REQUEST, sessionId, EMPTY);
    }

    @Override
    public int workerId() {
        return workerId;
    }

    private boolean onLoop(FrameType type, long sessionId, byte[] payload) {
        if (loop.inLoop()) {
            return loop.queue(type, sessionId, payload);
        }
        CompletableFuture<Boolean> queued = new CompletableFuture<>();
        loop.execute(() -> queued.complete(loop.queue(type, sessionId, payload)));
        return queued.join();
    }
}
