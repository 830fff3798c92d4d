package drover.worker.api;

/** The handle an app uses to act on sessions. Safe to call from any thread. */
public interface Server {
    /**
     * Queues bytes for the client. Returns false when the session's reactor is not reachable; a
     * session that already closed is detected by the reactor, which drops the bytes.
     * @throws IllegalArgumentException when data is larger than one link frame may carry
     */
    boolean send(long sessionId, byte[] data);

    /** Closes the session once the bytes already sent to it are written. */
    boolean close(long sessionId);

    /** This worker's slot, 0 .. worker_num-1. */
    int workerId();
}
