package drover.common.config;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The width, sign and byte order of a packet's length field, named by the pack() letters
 * Swoole's {@code package_length_type} uses. "Host order" is little-endian: Drover runs on
 * x86-64 and aarch64 Linux, both little-endian.
 */
public enum LengthType {
    c(1, true, ByteOrder.BIG_ENDIAN),
    C(1, false, ByteOrder.BIG_ENDIAN),
    s(2, true, ByteOrder.LITTLE_ENDIAN),
    S(2, false, ByteOrder.LITTLE_ENDIAN),
    n(2, false, ByteOrder.BIG_ENDIAN),
    v(2, false, ByteOrder.LITTLE_ENDIAN),
    l(4, true, ByteOrder.LITTLE_ENDIAN),
    L(4, false, ByteOrder.LITTLE_ENDIAN),
    N(4, false, ByteOrder.BIG_ENDIAN),
    V(4, false, ByteOrder.LITTLE_ENDIAN);

    private final int size;
    private final boolean signed;
    private final ByteOrder order;

    LengthType(int size, boolean signed, ByteOrder order) {
        this.size = size;
        this.signed = signed;
        this.order = order;
    }

    /** Bytes the field occupies. */
    public int size() {
        return size;
    }

    /** Reads the field at an absolute index without moving the buffer; signed types may be negative. */
    public long read(ByteBuffer buf, int index) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int b = buf.get(index + (order == ByteOrder.BIG_ENDIAN ? i : size - 1 - i)) & 0xFF;
            value = (value << 8) | b;
        }
        if (signed) {
            int shift = 64 - 8 * size;
            value = (value << shift) >> shift;
        }
        return value;
    }

    /** Writes a value into the field at an absolute index (used by clients, tests and examples). */
    public void write(ByteBuffer buf, int index, long value) {
        for (int i = 0; i < size; i++) {
            int shift = 8 * (order == ByteOrder.BIG_ENDIAN ? size - 1 - i : i);
            buf.put(index + i, (byte) (value >>> shift));
        }
    }

    /** The largest length the field can declare. */
    public long maxValue() {
        return signed ? (1L << (8 * size - 1)) - 1 : (1L << (8 * size)) - 1;
    }
}
