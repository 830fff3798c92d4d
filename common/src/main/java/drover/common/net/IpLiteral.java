package drover.common.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Strict IP address literals, never a host name (so never a DNS lookup): IPv4 as exactly four
 * decimal numbers 0..255 without leading zeros (the PROXY protocol's rule, which also rules out
 * the octal reading of "010"), IPv6 in any RFC 4291 form without a zone.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {}

    /** An IPv4 literal as 4 bytes. @throws IllegalArgumentException saying what is wrong */
    public static byte[] ipv4(String text) {
        if (!IPV4.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address"
                    + " (expected four numbers 0..255 separated by dots, without leading zeros)");
        }
        String[] parts = text.split("\\.");
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (" + value + " > 255)");
            }
            address[i] = (byte) value;
        }
        return address;
    }

    /**
     * An IPv6 literal as 16 bytes; an IPv4-mapped one ({@code ::ffff:a.b.c.d}) too.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static byte[] ipv6(String text) {
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address"
                    + " (expected hexadecimal groups separated by colons, without a zone)");
        }
        InetAddress address;
        try {
            address = Inet6Address.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address", e);
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        // The JDK turns ::ffff:a.b.c.d into an IPv4 address; keep the 16 bytes that were written.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    /** The JDK's address for 4 or 16 bytes; never a lookup. */
    public static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(bytes.length + " bytes are not an IP address: expected 4 or 16", e);
        }
    }

    /** Either kind: IPv6 when the text has a colon. @throws IllegalArgumentException saying what is wrong */
    public static byte[] parse(String text) {
        return text.contains(":") ? ipv6(text) : ipv4(text);
    }
}
