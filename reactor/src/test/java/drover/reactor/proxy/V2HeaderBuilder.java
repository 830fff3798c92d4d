package drover.reactor.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Builds version 2 headers by hand, byte by byte as the specification lays them out. */
final class V2HeaderBuilder {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private int versionCommand = 0x21;
    private int family = 0x11;
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int crcAt = -1;

    V2HeaderBuilder versionCommand(int value) {
        versionCommand = value;
        return this;
    }

    V2HeaderBuilder family(int value) {
        family = value;
        return this;
    }

    V2HeaderBuilder bytes(int... values) {
        for (int value : values) {
            block.write(value);
        }
        return this;
    }

    V2HeaderBuilder bytes(byte[] values) {
        block.writeBytes(values);
        return this;
    }

    /** TCP over IPv4: 192.0.2.1:56324 -> 198.51.100.7:443. */
    V2HeaderBuilder inet4() {
        return bytes(192, 0, 2, 1, 198, 51, 100, 7, 56324 >> 8, 56324 & 0xff, 443 >> 8, 443 & 0xff);
    }

    V2HeaderBuilder tlv(int type, byte[] value) {
        return bytes(type, value.length >> 8, value.length & 0xff).bytes(value);
    }

    /** A CRC32C TLV whose value is filled in by {@link #build()}. */
    V2HeaderBuilder crc32c() {
        crcAt = SIGNATURE.length + 4 + block.size() + 3;
        return tlv(0x03, new byte[4]);
    }

    byte[] build() {
        return build(block.size());
    }

    /** With a length field that may lie about the block's size. */
    byte[] build(int declaredLength) {
        ByteBuffer out = ByteBuffer.allocate(16 + block.size());
        out.put(SIGNATURE).put((byte) versionCommand).put((byte) family).putShort((short) declaredLength);
        out.put(block.toByteArray());
        byte[] header = out.array();
        if (crcAt >= 0) {
            CRC32C crc = new CRC32C();
            crc.update(header);
            ByteBuffer.wrap(header, crcAt, 4).putInt((int) crc.getValue());
        }
        return header;
    }
}
