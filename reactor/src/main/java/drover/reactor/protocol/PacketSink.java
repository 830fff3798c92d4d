package drover.reactor.protocol;

import java.nio.ByteBuffer;

/**
 * Receives the packets a {@link PacketFramer} cuts out. The buffer is only valid during the call, and
 * is the framer's own input narrowed to the packet (no slice per packet): read it relatively, from
 * its position to its limit.
 */
@FunctionalInterface
public interface PacketSink {
    void onPacket(ByteBuffer packet);

    /**
     * Hands {@code in}'s bytes from..to to the sink as {@code in} itself, narrowed, then leaves it
     * consumed up to {@code to} with its limit back, even when the sink throws.
     */
    static void deliver(ByteBuffer in, int from, int to, PacketSink sink) {
        int limit = in.limit();
        in.limit(to).position(from);
        try {
            sink.onPacket(in);
        } finally {
            in.limit(limit).position(to);
        }
    }
}
