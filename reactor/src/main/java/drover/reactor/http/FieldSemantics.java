package drover.reactor.http;

import drover.common.http.HttpTokens;
import java.nio.ByteBuffer;

/**
 * What the framing-relevant header fields of one head say: Content-Length, Transfer-Encoding,
 * Connection, Expect and Host. Fed each field as it is parsed, compared in place without strings.
 */
final class FieldSemantics {
    /** Past this many digits a Content-Length is beyond any limit; it is remembered as Long.MAX_VALUE. */
    private static final int MAX_LENGTH_DIGITS = 18;

    long contentLength;
    int transferCodings;
    int chunkedCount;
    boolean lastCodingIsChunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean expectContinue;
    boolean unsupportedExpectation;
    int hostCount;
    /**
     * The authority of an absolute-form target (RFC 9112 §3.2.2), [authorityFrom, authorityTo) of the
     * head's buffer, or -1: it replaces the Host field's value, as the request's host.
     */
    int authorityFrom = -1;
    int authorityTo = -1;

    void reset() {
        contentLength = -1;
        transferCodings = 0;
        chunkedCount = 0;
        lastCodingIsChunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        unsupportedExpectation = false;
        hostCount = 0;
        authorityFrom = -1;
        authorityTo = -1;
    }

    /** Whether name [nameFrom, nameTo) is Host and an absolute-form target's authority replaces its value. */
    boolean replacesHost(ByteBuffer in, int nameFrom, int nameTo) {
        return authorityFrom >= 0 && equalsIgnoreCase(in, nameFrom, nameTo, "host");
    }

    /** name in [nameFrom, nameTo), the trimmed value in [valueFrom, valueTo). */
    void take(ByteBuffer in, int nameFrom, int nameTo, int valueFrom, int valueTo) throws HttpRejection {
        switch (nameTo - nameFrom) {
            case 4 -> {
                if (equalsIgnoreCase(in, nameFrom, nameTo, "host")) {
                    hostCount++;
                    if (!HostSyntax.isValid(in, valueFrom, valueTo)) { // RFC 9112 §3.2: an invalid Host is a 400
                        throw HttpRejection.badRequest("Host value is not host[:port]");
                    }
                }
            }
            case 6 -> {
                if (equalsIgnoreCase(in, nameFrom, nameTo, "expect")) {
                    expectation(in, valueFrom, valueTo);
                }
            }
            case 10 -> {
                if (equalsIgnoreCase(in, nameFrom, nameTo, "connection")) {
                    connectionOptions(in, valueFrom, valueTo);
                }
            }
            case 14 -> {
                if (equalsIgnoreCase(in, nameFrom, nameTo, "content-length")) {
                    contentLengths(in, valueFrom, valueTo);
                }
            }
            case 17 -> {
                if (equalsIgnoreCase(in, nameFrom, nameTo, "transfer-encoding")) {
                    transferCodings(in, valueFrom, valueTo);
                }
            }
            default -> { }
        }
    }

    private void expectation(ByteBuffer in, int from, int to) {
        if (equalsIgnoreCase(in, from, to, "100-continue")) {
            expectContinue = true;
        } else {
            unsupportedExpectation = true;
        }
    }

    private void connectionOptions(ByteBuffer in, int from, int to) {
        for (ListElements e = new ListElements(in, from, to); e.next(); ) {
            if (equalsIgnoreCase(in, e.start, e.end, "close")) {
                connectionClose = true;
            } else if (equalsIgnoreCase(in, e.start, e.end, "keep-alive")) {
                connectionKeepAlive = true;
            }
        }
    }

    /** RFC 9112 §6.3: a list of identical values is one value; differing values are a 400. */
    private void contentLengths(ByteBuffer in, int from, int to) throws HttpRejection {
        int elements = 0;
        for (ListElements e = new ListElements(in, from, to); e.next(); ) {
            long value = decimal(in, e.start, e.end);
            if (contentLength >= 0 && value != contentLength) {
                throw HttpRejection.badRequest("Content-Length values differ (request smuggling guard)");
            }
            contentLength = value;
            elements++;
        }
        if (elements == 0) {
            throw HttpRejection.badRequest("empty Content-Length");
        }
    }

    private static long decimal(ByteBuffer in, int from, int to) throws HttpRejection {
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!HeadParser.isDigit(in.get(i))) {
                throw HttpRejection.badRequest("Content-Length has byte 0x" + HeadParser.hex(in.get(i))
                        + "; expected decimal digits only");
            }
        }
        int digits = to - from;
        if (digits > MAX_LENGTH_DIGITS) {
            return Long.MAX_VALUE;
        }
        for (int i = from; i < to; i++) {
            value = value * 10 + (in.get(i) - '0');
        }
        return value;
    }

    private void transferCodings(ByteBuffer in, int from, int to) throws HttpRejection {
        int before = transferCodings;
        for (ListElements e = new ListElements(in, from, to); e.next(); ) {
            for (int i = e.start; i < e.end; i++) {
                if (!HttpTokens.isTchar(in.get(i) & 0xFF)) {
                    throw HttpRejection.badRequest("Transfer-Encoding has a coding with byte 0x"
                            + HeadParser.hex(in.get(i)) + " (parameters are not supported)");
                }
            }
            boolean chunked = equalsIgnoreCase(in, e.start, e.end, "chunked");
            transferCodings++;
            chunkedCount += chunked ? 1 : 0;
            lastCodingIsChunked = chunked;
        }
        if (transferCodings == before) {
            throw HttpRejection.badRequest("empty Transfer-Encoding");
        }
    }

    /** ASCII case-insensitive comparison of in[from, to) with a lowercase literal. */
    static boolean equalsIgnoreCase(ByteBuffer in, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int b = in.get(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsCaseSensitive(ByteBuffer in, int from, String literal) {
        if (in.limit() - from < literal.length()) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (in.get(from + i) != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Walks a comma-separated list, skipping empty elements (RFC 9110 §5.6.1), trimming whitespace. */
    private static final class ListElements {
        private final ByteBuffer in;
        private final int to;
        private int p;
        int start;
        int end;

        ListElements(ByteBuffer in, int from, int to) {
            this.in = in;
            this.p = from;
            this.to = to;
        }

        boolean next() {
            while (p < to) {
                while (p < to && isWhitespace(in.get(p))) {
                    p++;
                }
                start = p;
                while (p < to && in.get(p) != ',') {
                    p++;
                }
                end = p;
                while (end > start && isWhitespace(in.get(end - 1))) {
                    end--;
                }
                p++; // past the comma
                if (end > start) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\t';
        }
    }
}
