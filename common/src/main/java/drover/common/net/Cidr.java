package drover.common.net;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * One address range, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a range of one.
 * An IPv4-mapped IPv6 range ({@code ::ffff:10.0.0.0/104}) is kept as the IPv4 range it means,
 * because the JDK shows a mapped peer address as an IPv4 one.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException naming the text and what is wrong with it */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = IpLiteral.parse(addressText);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length '" + prefixText
                        + "' is not a number 0.." + bits);
            }
            prefix = Integer.parseInt(prefixText);
        }
        if (isIpv4Mapped(address) && prefix >= 96) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= 96;
        }
        Cidr cidr = new Cidr(address, prefix);
        byte[] network = cidr.masked(address);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("'" + text + "' has bits set after its " + prefix
                    + "-bit prefix: expected " + new Cidr(network, prefix));
        }
        return cidr;
    }

    /** Whether the address lies in this range; an IPv4 range never holds an IPv6 address and the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        // Whole bytes of the prefix compare as they are, the last partial one under its mask.
        int whole = prefixLength / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        int mask = (0xff00 >>> rest) & 0xff;
        return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
    }

    private byte[] masked(byte[] address) {
        byte[] out = address.clone();
        for (int bit = prefixLength; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static boolean isIpv4Mapped(byte[] address) {
        if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code 10.0.0.0/8}: what {@link #parse} reads back to an equal range. */
    @Override
    public String toString() {
        return IpLiteral.address(network).getHostAddress() + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
