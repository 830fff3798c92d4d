package drover.reactor.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The two ends of a {@link ProtocolStack}, offered by the client connection that owns it. */
public interface ConnectionPort extends ConnectionControls {
    /** The top layer's whole message, for a worker. Valid only during the call. */
    void deliver(ByteBuffer message);

    /** The bottom layer's bytes, for the socket; what it does not take now is queued. */
    void write(ByteBuffer bytes) throws IOException;

    /** The top layer passed on the end of the client's input: the connection ends (peer closed). */
    void inputEnded();

    /** Takes no further request or output but what is being written: the connection closes once it drains. */
    void beginClose();
}
