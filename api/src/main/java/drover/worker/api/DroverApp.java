package drover.worker.api;

import java.nio.ByteBuffer;

/**
 * A Drover application: the callbacks a worker JVM calls. Found by {@link java.util.ServiceLoader}
 * in the app jar ({@code META-INF/services/drover.worker.api.DroverApp} names the class, which needs
 * a public no-argument constructor). Only one of the two {@code onReceive} methods must be written:
 * the {@code byte[]} one, simplest, or the {@link ByteBuffer} one, which spares the worker a copy of
 * every packet. Every other callback does nothing by default; the worker's lifecycle, pipe messages
 * and tasks are in {@link WorkerCallbacks}, which HTTP apps share. A class that writes neither
 * {@code onReceive} fails the worker's boot with a message that says so.
 *
 * <p><b>Threads.</b> With {@code worker_mode=loop} (the default) every callback runs on the worker's
 * one event-loop thread, one at a time, so app state needs no locks, and a callback that blocks
 * stalls the whole worker. With {@code worker_mode=virtual} each session's callbacks run on a
 * virtual thread, one at a time and in order for that session, while other sessions, pipe messages
 * and timers run at the same time: state shared between sessions must then be thread-safe. See
 * docs/WRITING-APPS.md.
 *
 * <p><b>Failures.</b> An exception thrown by a callback is logged with the session id; the worker
 * and the connection carry on.
 */
public interface DroverApp extends WorkerCallbacks {
    /**
     * A client connected; its close will come to this worker too, and in {@code dispatch_mode} 2, 4
     * and 5 (before a bind) so will its packets.
     *
     * @param server    the handle on the server
     * @param sessionId the new session, never 0 and never reused while the server runs
     */
    default void onConnect(Server server, long sessionId) {
    }

    /**
     * One packet from a client, framed by the listener's protocol (for example length-prefixed,
     * header included, or one line with its end marker).
     *
     * @param server    the handle on the server
     * @param sessionId the session that sent it
     * @param data      the packet; the app may keep it
     */
    default void onReceive(Server server, long sessionId, byte[] data) {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither onReceive");
    }

    /**
     * One packet from a client, as {@link #onReceive(Server, long, byte[])}, but lent rather than
     * given: the packet is the bytes from the buffer's position (not always 0) to its limit, and the
     * buffer is valid <b>only until this method returns</b>. In {@code worker_mode=loop} it is the
     * packet where it already is, with no copy made and nothing allocated for the app: the link's read
     * buffer or, for a large payload with {@code large_payload=shm}, the very bytes the reactor wrote
     * to shared memory. The worker reuses that memory, and the buffer object, once the call returns, so
     * copy what you keep. {@link Server#send(long, ByteBuffer)} copies what it sends before it returns,
     * so echoing the buffer, or part of it, is safe. The app may move the position and limit and change
     * the bytes (to transform them in place before sending them back). In {@code worker_mode=virtual}
     * the callback runs later, on another thread, so the buffer wraps a copy; the rule is the same.
     *
     * <p>One send is cheaper still: a large packet the reactor put in shared memory, sent back whole
     * (this very buffer, position and limit as lent) to the session it came from, or any session of
     * the same reactor thread, goes back by reference with no copy at all. Its bytes must then not be
     * changed after that send: change them first, then send.
     *
     * <p>A class that overrides this method gets every packet here, and its
     * {@code onReceive(Server, long, byte[])} is never called. Unless overridden, this one hands the
     * packet to that one as an array of its own.
     *
     * @param server    the handle on the server
     * @param sessionId the session that sent it
     * @param data      the packet, valid until the call returns
     */
    default void onReceive(Server server, long sessionId, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        onReceive(server, sessionId, copy);
    }

    /**
     * The connection ended (closed by either side, reset, or idle); called exactly once per session,
     * after its last {@link #onReceive} on this worker.
     *
     * @param server    the handle on the server
     * @param sessionId the session that ended
     */
    default void onClose(Server server, long sessionId) {
    }

    /**
     * The session's unsent output reached the high watermark (80% of {@code buffer_output_size}):
     * the client reads more slowly than the app sends. Stop sending to it until
     * {@link #onBufferEmpty}; sends past {@code buffer_output_size} are refused
     * ({@link #onSendFailed}). Goes to the worker that gets the session's close.
     *
     * @param server    the handle on the server
     * @param sessionId the slow session
     */
    default void onBufferFull(Server server, long sessionId) {
    }

    /**
     * The server is stopping (after {@code drain_delay}): the reactor takes no new connection and
     * reads this session for up to half of {@code max_wait_time} more. End it where your protocol
     * allows ({@link Server#close} after a last message, a goodbye the client understands); packets
     * still come until it closes or the time is up, then the server closes it. Goes to the worker that
     * gets the session's close. Not called for HTTP sessions: the reactor closes those itself after
     * their next response (Connection: close). Does nothing by default.
     *
     * @param server    the handle on the server
     * @param sessionId the session to end
     */
    default void onDrain(Server server, long sessionId) {
    }

    /**
     * After {@link #onBufferFull}, everything queued for the session has been written to its socket.
     *
     * @param server    the handle on the server
     * @param sessionId the session that caught up
     */
    default void onBufferEmpty(Server server, long sessionId) {
    }

    /**
     * A send to this session was refused by the reactor, none of its bytes written: the connection's
     * unsent output would have gone beyond {@code buffer_output_size} (a client that does not read).
     * Swoole's send returns false here; Drover's reactor is another process, so the answer comes
     * as this callback, after the send returned. Later sends may succeed once the client reads.
     *
     * @param server    the handle on the server
     * @param sessionId the session the send was for
     * @param reason    why, for the log
     */
    default void onSendFailed(Server server, long sessionId, String reason) {
    }
}
