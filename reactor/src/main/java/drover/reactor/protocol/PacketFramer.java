package drover.reactor.protocol;

import java.nio.ByteBuffer;

/** Splits one client's byte stream into packets. One instance per connection; not thread-safe. */
public interface PacketFramer {
    /**
     * Takes every complete packet from {@code in} (between position and limit, read mode), calling
     * sink once per packet with {@code in} narrowed to exactly that packet's bytes (valid only during
     * the call; see {@link PacketSink#deliver}). Leaves in.position() at the first byte of the
     * incomplete remainder (the caller compacts).
     *
     * @return the total size in bytes of the next, still incomplete packet when it is already known
     *         (so the caller can grow its buffer to hold it), else 0
     * @throws PacketFormatException when the stream cannot be a valid packet (the caller closes the connection)
     */
    int frame(ByteBuffer in, PacketSink sink) throws PacketFormatException;
}
