package drover.reactor.protocol;

import drover.common.config.LengthType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

/** Builds test packets for one open_length_check configuration. */
record PacketLayout(LengthType type, int lengthOffset, int bodyOffset) {

    int headerLength() {
        return lengthOffset + type.size();
    }

    /** The smallest total size a valid packet can have in this layout. */
    int minTotal() {
        return Math.max(headerLength(), bodyOffset);
    }

    LengthFieldFramer framer(int maxLength) {
        return new LengthFieldFramer(type, lengthOffset, bodyOffset, maxLength);
    }

    /**
     * A packet of the given total size whose every byte outside the length field depends on the
     * seed, so a packet cut at the wrong place or mixed with its neighbour cannot compare equal.
     */
    byte[] packet(int total, int seed) {
        byte[] bytes = new byte[total];
        for (int i = 0; i < total; i++) {
            bytes[i] = (byte) (seed * 37 + i * 11 + 5);
        }
        type.write(ByteBuffer.wrap(bytes), lengthOffset, total - bodyOffset);
        return bytes;
    }

    /** Packets of varied sizes, including the smallest valid one (an empty body). */
    List<byte[]> samplePackets() {
        int min = minTotal();
        return List.of(packet(min + 5, 1), packet(min, 2), packet(min + 1, 3), packet(min + 40, 4),
                packet(min, 5), packet(min + 17, 6));
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Hex strings give a readable diff when two packet lists differ. */
    static List<String> hex(List<byte[]> packets) {
        return packets.stream().map(HexFormat.of()::formatHex).toList();
    }

    @Override
    public String toString() {
        return "type " + type + ", length at " + lengthOffset + ", body at " + bodyOffset;
    }
}
