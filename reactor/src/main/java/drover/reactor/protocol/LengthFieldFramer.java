package drover.reactor.protocol;

import drover.common.config.LengthType;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Swoole's {@code open_length_check}: each packet carries a length field at a fixed offset, and
 * its total size is {@code bodyOffset + declaredLength}. With bodyOffset 0 the declared length
 * covers the whole packet, header included.
 */
public final class LengthFieldFramer implements PacketFramer {
    private final LengthType type;
    private final int lengthOffset;
    private final int bodyOffset;
    private final int maxLength;
    /** Bytes needed before the length field can be read: the end of the length field. */
    private final int headerLength;

    /**
     * @param type         package_length_type: width, sign and byte order of the length field
     * @param lengthOffset package_length_offset: where the length field starts in the packet
     * @param bodyOffset   package_body_offset: the offset from which the declared length counts
     * @param maxLength    package_max_length: the largest total packet size accepted
     */
    public LengthFieldFramer(LengthType type, int lengthOffset, int bodyOffset, int maxLength) {
        this.type = Objects.requireNonNull(type, "type");
        if (lengthOffset < 0) {
            throw new IllegalArgumentException("package_length_offset " + lengthOffset + " must not be negative");
        }
        if (bodyOffset < 0) {
            throw new IllegalArgumentException("package_body_offset " + bodyOffset + " must not be negative");
        }
        long fieldEnd = (long) lengthOffset + type.size();
        if (maxLength < fieldEnd) {
            throw new IllegalArgumentException("package_max_length " + maxLength
                    + " is smaller than the end of the length field (package_length_offset " + lengthOffset
                    + " + " + type.size() + "-byte type " + type + " = " + fieldEnd + ")");
        }
        // Every packet is at least bodyOffset bytes long, so a larger bodyOffset would reject them all.
        if (maxLength < bodyOffset) {
            throw new IllegalArgumentException("package_max_length " + maxLength
                    + " is smaller than package_body_offset " + bodyOffset + ", so no packet could fit");
        }
        this.lengthOffset = lengthOffset;
        this.bodyOffset = bodyOffset;
        this.maxLength = maxLength;
        this.headerLength = (int) fieldEnd;
    }

    @Override
    public int frame(ByteBuffer in, PacketSink sink) throws PacketFormatException {
        while (in.remaining() >= headerLength) {
            int start = in.position();
            // Validated as soon as the header is in, so a client declaring a huge packet is
            // rejected at once instead of making us buffer its body first.
            int total = totalLength(type.read(in, start + lengthOffset));
            if (in.remaining() < total) {
                return total;
            }
            PacketSink.deliver(in, start, start + total, sink);
        }
        return 0;
    }

    /** The packet's total size for a declared length, or why no valid packet can declare it. */
    private int totalLength(long declared) throws PacketFormatException {
        if (declared < 0) {
            throw new PacketFormatException("declared packet length " + declared
                    + " is negative (package_length_type " + type + ")");
        }
        long total = bodyOffset + declared;
        if (total > maxLength) {
            throw new PacketFormatException("declared packet length " + declared
                    + " (total packet size " + total + " with package_body_offset " + bodyOffset
                    + ") exceeds package_max_length " + maxLength);
        }
        if (total < headerLength) {
            throw new PacketFormatException("declared packet length " + declared
                    + " gives a total packet size of " + total + " (package_body_offset " + bodyOffset
                    + "), which ends before its own length field ends at byte " + headerLength);
        }
        return (int) total;
    }
}
