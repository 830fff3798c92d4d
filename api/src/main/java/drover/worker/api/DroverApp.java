package drover.worker.api;

/**
 * A Drover application: the callbacks a worker JVM calls on its event loop, one at a time, in the
 * order events happened for each session. Found by {@link java.util.ServiceLoader} in the app jar.
 * An exception thrown by a callback is logged with the session id; the worker and the connection
 * carry on.
 */
public interface DroverApp {
    /** The worker booted and is linked to every reactor; runs before it receives any packet. */
    default void onWorkerStart(Server server, int workerId) {
    }

    /** A client connected; its packets will come to this worker. */
    default void onConnect(Server server, long sessionId) {
    }

    /** One packet from a client, framed by the listener's protocol (e.g. length-prefixed, header included). */
    void onReceive(Server server, long sessionId, byte[] data);

    /** The connection ended (closed by either side); called exactly once per session. */
    default void onClose(Server server, long sessionId) {
    }

    /**
     * A send to this session was refused by the reactor, none of its bytes written: the connection's
     * unsent output would have gone beyond {@code buffer_output_size} (a client that does not read).
     * Swoole's send returns false here; Drover's reactor is another process, so the answer comes
     * as this callback, on this worker's loop, after the send returned. Later sends may succeed
     * once the client reads.
     */
    default void onSendFailed(Server server, long sessionId, String reason) {
    }

    /** The worker is stopping gracefully (server stop or reload); runs after its last packet. */
    default void onWorkerStop(Server server, int workerId) {
    }
}
