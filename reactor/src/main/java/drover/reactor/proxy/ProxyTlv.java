package drover.reactor.proxy;

import java.util.Arrays;
import java.util.HexFormat;

/** One v2 type-length-value entry as received (PP2_TYPE_NOOP ones are dropped). */
public record ProxyTlv(int type, byte[] value) {
    public static final int ALPN = 0x01;
    public static final int AUTHORITY = 0x02;
    public static final int CRC32C = 0x03;
    public static final int NOOP = 0x04;
    public static final int UNIQUE_ID = 0x05;
    public static final int SSL = 0x20;
    public static final int SSL_VERSION = 0x21;
    public static final int SSL_CN = 0x22;
    public static final int SSL_CIPHER = 0x23;
    public static final int SSL_SIG_ALG = 0x24;
    public static final int SSL_KEY_ALG = 0x25;
    public static final int NETNS = 0x30;

    public ProxyTlv {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProxyTlv that && type == that.type && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ProxyTlv[0x" + Integer.toHexString(type) + ", " + HexFormat.of().formatHex(value) + "]";
    }
}
