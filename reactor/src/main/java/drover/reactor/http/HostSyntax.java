package drover.reactor.http;

import java.nio.ByteBuffer;

/**
 * RFC 9110 §7.2 / RFC 3986 §3.2.2: whether bytes are a valid {@code uri-host [ ":" port ]}, the
 * value of a Host field or the authority of an absolute-form target. RFC 9112 §3.2 makes any other
 * Host value a 400; checking it here means an app never routes on a value like {@code a b@c}.
 * Userinfo ({@code user@host}) is refused too (RFC 9110 §4.2.4: deprecated, and a phishing aid).
 */
final class HostSyntax {
    private HostSyntax() {
    }

    /** in[from, to) is empty (allowed: a URI without authority) or host, optionally ":" and digits. */
    static boolean isValid(ByteBuffer in, int from, int to) {
        if (from == to) {
            return true;
        }
        int hostEnd = in.get(from) == '[' ? ipLiteralEnd(in, from, to) : regNameEnd(in, from, to);
        if (hostEnd < 0) {
            return false;
        }
        if (hostEnd == to) {
            return true;
        }
        if (in.get(hostEnd) != ':') {
            return false;
        }
        for (int i = hostEnd + 1; i < to; i++) {
            if (!HeadParser.isDigit(in.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Just past the ']' of "[v6 or vFuture]", or -1. */
    private static int ipLiteralEnd(ByteBuffer in, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            byte b = in.get(i);
            if (b == ']') {
                return i > from + 1 ? i + 1 : -1;
            }
            if (b != ':' && !isUnreserved(b) && !isSubDelim(b)) {
                return -1;
            }
        }
        return -1;
    }

    /** Past the reg-name or IPv4 address (unreserved, sub-delims, pct-encoded), at ':' or to; -1 on a bad byte. */
    private static int regNameEnd(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to && in.get(i) != ':') {
            byte b = in.get(i);
            if (b == '%') {
                if (i + 2 >= to || !isHex(in.get(i + 1)) || !isHex(in.get(i + 2))) {
                    return -1;
                }
                i += 3;
                continue;
            }
            if (!isUnreserved(b) && !isSubDelim(b)) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static boolean isUnreserved(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || HeadParser.isDigit(b)
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static boolean isSubDelim(byte b) {
        return switch (b) {
            case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=' -> true;
            default -> false;
        };
    }

    private static boolean isHex(byte b) {
        return HeadParser.isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
