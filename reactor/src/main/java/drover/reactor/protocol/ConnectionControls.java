package drover.reactor.protocol;

import drover.common.frame.ProxyConnectInfo;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What a client connection lets the layers of its stack do to it. Protocol-free: a layer that needs
 * a pause, a clock or a close asks here, so the connection and the loop never learn its protocol.
 */
public interface ConnectionControls {
    /**
     * Stops (true) or resumes (false) taking input: no read while held. On release the bytes already
     * read are offered again to the bottom layer (a call of onInput with no new bytes may follow).
     */
    void holdInput(boolean held);

    /** Nothing more is read from this client (its last message is in, or it was refused). */
    void finishInput();

    /** Runs task on the connection's thread after delayNanos, unless the connection ended by then. */
    void schedule(long delayNanos, Runnable task);

    /** Closes once the output queued so far is written. */
    void closeAfterOutput() throws IOException;

    /** Closes once the output queued so far is written, with that reason for the worker's onClose. */
    default void closeAfterOutput(CloseReason reason) throws IOException {
        closeAfterOutput();
    }

    /** Drops unsent output and closes with a reset: what was sent must not look whole. */
    void abort(CloseReason reason);

    /** The client sent what cannot be this protocol: logged (rate-limited) and closed. */
    void reject(String why);

    /**
     * Bytes queued for this client and not written yet. A layer's context counts what the layers
     * below it hold too (ProtocolLayer.heldOutput), so a layer never counts its own.
     */
    int pendingOutput();

    /** buffer_output_size. */
    int bufferOutputSize();

    /** Messages handed to workers and not answered yet. */
    int messagesInFlight();

    /** close_on_worker_exit. */
    boolean closesOnWorkerExit();

    void count(LayerEvent event);

    /**
     * For a stack with a layer that {@link ProtocolLayer#delaysConnect}: the session's CONNECT goes to
     * its worker now, with these flags added to the listener's and this payload (docs/FRAMES.md).
     */
    void announce(int flags, byte[] payload);

    /** The connection now carries an established WebSocket: every worker hears of it (for isEstablished). */
    default void webSocketOpened() {
    }

    /** Its WebSocket ended with this close status, which the session's close tells its worker (onClose). */
    default void webSocketEnded(int code, String reason) {
    }

    /** For logs. */
    long sessionId();

    /** For logs: "ip:port". */
    String remoteAddress();

    /**
     * The connection's client is known (a PROXY header was read): client is the original one, or
     * null when the connection's own peer stands (a health check). Call it once the announcing layer
     * left the stack: when no layer left delays the CONNECT, the session's worker hears of it now with
     * that address; otherwise (TLS above) that layer announces it later with the address. The
     * default ignores it.
     */
    default void clientIdentified(InetSocketAddress client) {
    }

    /**
     * As {@link #clientIdentified(InetSocketAddress)}, with what else the PROXY header said (its
     * version and v2 TLVs), for the session's CONNECT; proxy is null with a null client.
     */
    default void clientIdentified(InetSocketAddress client, ProxyConnectInfo proxy) {
        clientIdentified(client);
    }
}
