package drover.common.process;

import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.loop.EventLoop;
import java.nio.ByteBuffer;

/**
 * server_mode=base: a worker's own client connections, on the worker's own event loop. Where a process
 * mode worker writes frames to its reactor links, a base worker hands the same frames (SEND,
 * RESPONSE_END, CLOSE_REQUEST, PAUSE, RESUME) to this as calls: nothing is encoded, nothing crosses a
 * socket, and a reply is written to the client on the thread that read the request. The connections
 * hand their CONNECT, DATA, CLOSE and notices the other way, to a {@link FrameSink}. Loop thread only.
 */
public interface LocalLink {
    /** A frame from the app for one session; the payload is valid only during the call. */
    void fromWorker(FrameType type, int flags, long sessionId, ByteBuffer payload);

    /**
     * The worker stops: take the connections already in the listen backlog, close the listeners (the
     * kernel sends new connections to the other workers' listeners), and end each connection where its
     * protocol allows (HTTP: after its next response) or ask the app to (onDrain).
     */
    void drain();

    /** Whether no connection is left. */
    boolean isEmpty();

    /** The last step of a stop: closes whatever is still open. */
    void closeAll();

    /** "127.0.0.1:9501/http, ...": the addresses bound, for READY and the status. */
    String describeBound();

    /** Opens a worker's connections on its loop; the frames they make go to {@code toWorker}. */
    @FunctionalInterface
    interface Opener {
        LocalLink open(EventLoop loop, FrameSink toWorker) throws BootFailure;
    }
}
