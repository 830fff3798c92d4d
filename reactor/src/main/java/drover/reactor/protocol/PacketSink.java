package drover.reactor.protocol;

import java.nio.ByteBuffer;

/** Receives the packets a {@link PacketFramer} cuts out. The buffer is only valid during the call. */
@FunctionalInterface
public interface PacketSink {
    void onPacket(ByteBuffer packet);
}
