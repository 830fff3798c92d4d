package drover.reactor.protocol;

import java.nio.ByteBuffer;

/**
 * A packet protocol as a layer: raw, EOF or length-field framing ({@link PacketFramer}), each packet
 * passed up whole. Its packets have no answer shape: any output answers the last one.
 */
public final class FramedPacketLayer implements ProtocolLayer {
    private final PacketFramer framer;
    private PacketSink sink;

    public FramedPacketLayer(PacketFramer framer) {
        this.framer = framer;
    }

    @Override
    public void onAttach(LayerContext context) {
        sink = context::passUp; // bound once: no allocation per read
    }

    @Override
    public int onInput(ByteBuffer in, LayerContext context) throws PacketFormatException {
        return framer.frame(in, sink);
    }

    /** The framer, for tests and logs. */
    public PacketFramer framer() {
        return framer;
    }

    @Override
    public String toString() {
        return framer.getClass().getSimpleName();
    }
}
