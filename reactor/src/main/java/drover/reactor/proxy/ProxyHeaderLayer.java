package drover.reactor.proxy;

import drover.reactor.protocol.LayerContext;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.ProtocolLayer;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The bottom layer of a /proxy listener's connection from a trusted source (proxy_protocol_trusted):
 * reads the PROXY header the balancer writes first (in cleartext, below any TLS), names the original
 * client to the connection, and leaves the stack. It delays the session's CONNECT
 * ({@link #delaysConnect}): the worker hears of the session once the header is read, or, under
 * TLS, once the handshake that follows it is done, with both the address and the TLS details. Once
 * it left, the bytes after the header, and every later read, go straight to the layer above. No whole valid header within
 * proxy_protocol_timeout, or input that cannot be one, refuses the connection (counted).
 */
public final class ProxyHeaderLayer implements ProtocolLayer {
    private final ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    private final long timeoutNanos;
    private boolean done;

    /** @param timeoutNanos proxy_protocol_timeout, counted from the connect */
    public ProxyHeaderLayer(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** The worker hears of the session with its original client's address, once the header named it. */
    @Override
    public boolean delaysConnect() {
        return true;
    }

    @Override
    public void onAttach(LayerContext context) {
        context.schedule(timeoutNanos, () -> {
            if (!done) {
                done = true;
                context.count(LayerEvent.PROXY_REFUSED);
                context.reject("no whole PROXY header within proxy_protocol_timeout ("
                        + decoder.bytesHeld() + " bytes of it came)");
            }
        });
    }

    @Override
    public int onInput(ByteBuffer in, LayerContext context) throws PacketFormatException {
        if (done) {
            return 0; // refused by the timer: nothing more counts
        }
        Optional<ProxyHeader> header;
        try {
            header = decoder.decode(in);
        } catch (ProxyHeaderException e) {
            done = true;
            context.count(LayerEvent.PROXY_REFUSED);
            throw new PacketFormatException(e.getMessage());
        }
        if (header.isPresent()) {
            done = true;
            // leave first, so the connection sees whether a layer above (TLS) still holds the CONNECT back
            context.remove();
            // LOCAL (a health check), v1 UNKNOWN, UNSPEC or AF_UNIX: the connection's own peer stands
            context.clientIdentified(header.get().clientAddress().orElse(null), header.get().connectInfo());
        }
        return 0;
    }

    /** The source closed before its header was whole: it never was a session. */
    @Override
    public void onInputEnd(LayerContext context) {
        if (!done) {
            done = true;
            context.count(LayerEvent.PROXY_REFUSED);
        }
        context.passInputEnd();
    }

    @Override
    public String toString() {
        return "ProxyHeaderLayer";
    }
}
