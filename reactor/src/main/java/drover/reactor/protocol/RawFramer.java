package drover.reactor.protocol;

import java.nio.ByteBuffer;

/**
 * No framing, Swoole's default: whatever one read delivered is one packet. Packet boundaries
 * therefore follow TCP segmentation, which is what applications without a protocol expect.
 */
public final class RawFramer implements PacketFramer {
    @Override
    public int frame(ByteBuffer in, PacketSink sink) {
        if (!in.hasRemaining()) {
            return 0;
        }
        PacketSink.deliver(in, in.position(), in.limit(), sink);
        return 0;
    }
}
