package drover.reactor;

import drover.common.frame.FrameType;
import drover.reactor.protocol.CloseReason;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a client connection asks of its reactor thread: the routing of its packets to workers with
 * their back-pressure, the end of its session, and a timer. Everything else it needs is given once
 * ({@link ConnectionResources}).
 */
interface ConnectionHost {
    /** The link that stops this connection's reading now (full, or others wait first), else null. */
    WorkerLink blockingLink(ClientConnection connection, boolean inTurn);

    /** The link the next packet goes to when known before the packet is whole, else null. */
    WorkerLink linkForWholePacket(ClientConnection connection);

    /** A whole packet for a worker; valid only during the call. */
    void dispatch(ClientConnection connection, ByteBuffer packet);

    /** BUFFER_FULL or BUFFER_EMPTY to the session's home worker. */
    void watermark(ClientConnection connection, FrameType type);

    /** The session's CONNECT, when a layer of its stack delayed it (ProtocolLayer.delaysConnect). */
    void announce(ClientConnection connection, int flags, byte[] payload);

    /** Ends the session exactly once and tells its worker. */
    void close(ClientConnection connection, CloseReason reason);

    /** Queues a frame about the connection for every worker slot but exceptSlot (-1: none excepted). */
    void toAllWorkers(FrameType type, int flags, long sessionId, byte[] payload, int exceptSlot);

    void schedule(long delayNanos, Runnable task);

    /**
     * A PROXY header named the connection's original client, before its CONNECT: the connection
     * takes that address and the home worker the address picks (dispatch_mode 2, 4).
     */
    void clientIs(ClientConnection connection, InetSocketAddress client);

    /** The server is stopping: the app is asked to end this session where its protocol allows (onDrain). */
    void askAppToEnd(ClientConnection connection);

    /** The server is stopping: reading never resumes. */
    boolean isDraining();
}
