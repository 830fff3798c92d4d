package drover.reactor.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A layer's place in its connection's stack: the layer above and below it, and the connection's
 * controls. Given once to {@link ProtocolLayer#onAttach} and with each call.
 */
public interface LayerContext extends ConnectionControls {
    /**
     * Hands bytes or a message to the layer above (the top layer's goes to a worker). The layer above
     * consumes what it can; bytes it leaves stay the caller's to keep and pass again with more. When
     * the layer above refuses them (PacketFormatException) the connection is closed as a bad packet.
     */
    void passUp(ByteBuffer data);

    /** Hands bytes to the layer below (the bottom layer's go to the socket). */
    void passDown(ByteBuffer data) throws IOException;

    /** Tells the layer above that the client's input ended (the top passes it to the connection). */
    void passInputEnd();

    /**
     * Puts next in this layer's place (an HTTP upgrade to WebSocket). Input not consumed yet goes to
     * next. The replaced layer must not use this context afterwards.
     */
    void replaceWith(ProtocolLayer next);

    /** Takes this layer out of the stack (a PROXY header consumed); input not consumed goes to the layer above. */
    void remove();

    /** Queues bytes for the client through the layers below, then closes once they are written. */
    void closeWith(ByteBuffer lastBytes) throws IOException;
}
