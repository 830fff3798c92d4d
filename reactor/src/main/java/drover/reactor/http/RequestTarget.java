package drover.reactor.http;

import drover.common.http.HttpPacketEncoder;
import java.nio.ByteBuffer;

/**
 * Splits a request target into path and query (RFC 9112 §3.2): origin-form "/p?q", absolute-form
 * "http://host/p?q" (path and query are kept, and the authority replaces the Host field's value,
 * RFC 9112 §3.2.2), and
 * asterisk-form "*" for OPTIONS. Authority-form belongs to CONNECT, which is refused earlier.
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * Writes the path and the query (without '?', possibly empty) of target [from, to) to out; for an
     * absolute-form target, notes its authority in fields.
     */
    static void write(ByteBuffer in, int from, int to, boolean options, ByteBuffer out, FieldSemantics fields)
            throws HttpRejection {
        for (int i = from; i < to; i++) {
            if (in.get(i) == '#') {
                throw HttpRejection.badRequest("request target contains a fragment ('#')");
            }
        }
        if (in.get(from) == '/') {
            pathAndQuery(in, from, to, out);
        } else if (to - from == 1 && in.get(from) == '*') {
            if (!options) {
                throw HttpRejection.badRequest("request target '*' is only for OPTIONS");
            }
            pathAndQuery(in, from, to, out);
        } else {
            int authority = schemeEnd(in, from, to);
            int pathStart = authority;
            while (pathStart < to && in.get(pathStart) != '/' && in.get(pathStart) != '?') {
                pathStart++;
            }
            if (pathStart == authority) {
                throw HttpRejection.badRequest("absolute request target has no host");
            }
            if (!HostSyntax.isValid(in, authority, pathStart)) {
                throw HttpRejection.badRequest("absolute request target's authority is not host[:port]");
            }
            fields.authorityFrom = authority;
            fields.authorityTo = pathStart;
            if (pathStart == to || in.get(pathStart) == '?') {
                HttpPacketEncoder.putField(out, "/");
                query(in, pathStart, to, out);
            } else {
                pathAndQuery(in, pathStart, to, out);
            }
        }
    }

    private static void pathAndQuery(ByteBuffer in, int from, int to, ByteBuffer out) {
        int question = from;
        while (question < to && in.get(question) != '?') {
            question++;
        }
        HttpPacketEncoder.putField(out, in, from, question - from);
        query(in, question, to, out);
    }

    /** question is the index of '?' or to. */
    private static void query(ByteBuffer in, int question, int to, ByteBuffer out) {
        int start = Math.min(question + 1, to);
        HttpPacketEncoder.putField(out, in, start, to - start);
    }

    /** The index just past "http://" or "https://" (any case). */
    private static int schemeEnd(ByteBuffer in, int from, int to) throws HttpRejection {
        for (String scheme : new String[] {"http://", "https://"}) {
            int end = from + scheme.length();
            if (end <= to && FieldSemantics.equalsIgnoreCase(in, from, end, scheme)) {
                return end;
            }
        }
        throw HttpRejection.badRequest("request target must start with '/', 'http://' or 'https://', or be '*'");
    }
}
