package drover.reactor.proxy;

import drover.common.net.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** The text of a version 1 line without its CRLF: "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443". */
final class ProxyV1Line {
    // Decimal 0..65535 with no leading zero, as the specification asks.
    private static final Pattern PORT = Pattern.compile("0|[1-9]\\d{0,4}");

    private ProxyV1Line() {}

    static ProxyHeader parse(byte[] line) throws ProxyHeaderException {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        String[] fields = text.split(" ", -1);
        String protocol = fields[1];
        if (protocol.equals("UNKNOWN")) {
            // The sender may put anything after UNKNOWN, and the receiver must ignore it.
            return new ProxyHeader(1, ProxyCommand.PROXY, new ProxiedAddresses.Unknown(), List.of());
        }
        if (!protocol.equals("TCP4") && !protocol.equals("TCP6")) {
            throw new ProxyHeaderException("PROXY v1 protocol '" + printable(protocol)
                    + "' is not TCP4, TCP6 or UNKNOWN");
        }
        if (fields.length != 6) {
            throw new ProxyHeaderException("PROXY v1 " + protocol + " line has " + (fields.length - 2)
                    + " fields after the protocol: expected 4 (source, destination, source port, destination port)"
                    + " separated by single spaces");
        }
        boolean v4 = protocol.equals("TCP4");
        InetAddress source = address(fields[2], v4, "source");
        InetAddress destination = address(fields[3], v4, "destination");
        return new ProxyHeader(1, ProxyCommand.PROXY, new ProxiedAddresses.Inet(
                new InetSocketAddress(source, port(fields[4], "source")),
                new InetSocketAddress(destination, port(fields[5], "destination")), false), List.of());
    }

    private static InetAddress address(String text, boolean v4, String which) throws ProxyHeaderException {
        try {
            return IpLiteral.address(v4 ? IpLiteral.ipv4(text) : IpLiteral.ipv6(text));
        } catch (IllegalArgumentException e) {
            throw new ProxyHeaderException("PROXY v1 " + which + " address: " + printable(e.getMessage()));
        }
    }

    private static int port(String text, String which) throws ProxyHeaderException {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65535) {
            throw new ProxyHeaderException("PROXY v1 " + which + " port '" + printable(text)
                    + "' is not a number 0..65535 without leading zeros");
        }
        return Integer.parseInt(text);
    }

    // Bytes from the network go into a log line: show control and non-ASCII bytes as escapes.
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return out.toString();
    }
}
