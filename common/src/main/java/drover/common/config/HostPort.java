package drover.common.config;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * An address to listen on, written {@code host:port}, or {@code [v6-address]:port} for IPv6.
 * The host is kept without brackets; {@link #toString()} adds them back so that
 * {@code parse(hp.toString())} equals {@code hp}. Port 0 asks the system for any free port.
 */
public record HostPort(String host, int port) {
    private static final Pattern PORT_DIGITS = Pattern.compile("\\d{1,5}");

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']' || c == '/')) {
            throw new IllegalArgumentException("the host '" + host + "' contains whitespace, '[', ']' or '/'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port " + port + " is outside 0..65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6-address]:port}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static HostPort parse(String text) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' opens an IPv6 address but there is no ']'");
            }
            host = text.substring(1, close);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("brackets are only for IPv6 addresses, '" + host + "' is not one");
            }
            String rest = text.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':' and a port after ']'");
            }
            portText = rest.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("there is no ':port'");
            }
            host = text.substring(0, colon);
            if (host.contains(":")) {
                // Without brackets "::1:9501" is ambiguous: is 9501 the port or part of the address?
                throw new IllegalArgumentException("an IPv6 address must be in brackets, e.g. [::1]:9501");
            }
            portText = text.substring(colon + 1);
        }
        if (!PORT_DIGITS.matcher(portText).matches()) {
            throw new IllegalArgumentException("the port '" + portText + "' is not a number 0..65535");
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    /** Resolves the host now; a name that does not resolve gives an unresolved address, which bind() rejects. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
