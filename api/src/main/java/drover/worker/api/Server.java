package drover.worker.api;

/** The handle an app uses to act on sessions. Safe to call from any thread. */
public interface Server {
    /**
     * Queues bytes for the client. Returns false when the session's reactor is not reachable. The
     * client's socket lives in the reactor process, so what can only be known there comes later:
     * a session that already closed makes the reactor drop the bytes (its onClose has come or is
     * coming), and bytes that would take the connection's unsent output beyond
     * {@code buffer_output_size} are refused whole and reported to {@link DroverApp#onSendFailed}.
     * @throws IllegalArgumentException when data is larger than one link frame may carry
     */
    boolean send(long sessionId, byte[] data);

    /** Closes the session once the bytes already sent to it are written. */
    default boolean close(long sessionId) {
        return close(sessionId, false);
    }

    /**
     * Closes the session. With reset, unsent bytes are dropped and the client gets a TCP reset
     * (SO_LINGER 0) at once; without, the close waits until the bytes already sent are written.
     */
    boolean close(long sessionId, boolean reset);

    /**
     * dispatch_mode 5: from now on the session's packets and its close go to worker
     * {@code uid % worker_num}. Ignored (and logged by the reactor) in other dispatch modes.
     */
    boolean bind(long sessionId, long uid);

    /** This worker's slot, 0 .. worker_num-1. */
    int workerId();
}
