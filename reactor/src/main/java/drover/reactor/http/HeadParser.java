package drover.reactor.http;

import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpPacketKind;
import drover.common.http.HttpStatus;
import drover.common.http.HttpTokens;
import drover.common.http.HttpVersion;
import java.nio.ByteBuffer;

/**
 * Parses one complete request head (request line, fields, empty line) in place and writes it into
 * the packet being built, without making strings. What decides the body and the connection is
 * kept in fields, so one instance serves a connection's every request. Rejects, in this order:
 * syntax (400), version (505), framing conflicts (400, 501), body size (413), expectations (417).
 */
final class HeadParser {
    private final int bodyMax;
    private final FieldSemantics fields = new FieldSemantics();

    HttpVersion version;
    boolean keepAlive;
    boolean chunked;
    /** The declared Content-Length, or -1 when the body is chunked or absent. */
    long contentLength;
    boolean expectContinue;
    /** Where the flags byte and the u32 body length sit in the packet, to be filled in later. */
    int flagsAt;
    int bodyLengthAt;
    /** The server is stopping: every request from now on is the connection's last (Connection: close). */
    boolean lastOnConnection;

    HeadParser(int bodyMax) {
        this.bodyMax = bodyMax;
    }

    /**
     * @param start the request line's first byte
     * @param end   just past the empty line's LF
     * @param out   the packet, with room for twice the head's size
     */
    void parse(ByteBuffer in, int start, int end, ByteBuffer out) throws HttpRejection {
        fields.reset();
        out.put((byte) HttpPacketKind.REQUEST.code());
        flagsAt = out.position();
        out.put((byte) 0);
        int p = requestLine(in, start, out);
        int countAt = out.position();
        out.putShort((short) 0);
        int count = 0;
        while (p < end - 2) {
            int eol = lineEnd(in, p, end);
            parseField(in, p, eol, out, fields);
            if (++count > HttpPacketEncoder.MAX_FIELDS) {
                throw new HttpRejection(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                        "more than " + HttpPacketEncoder.MAX_FIELDS + " header fields");
            }
            p = eol + 2;
        }
        if (fields.authorityFrom >= 0 && fields.hostCount == 0 && count < HttpPacketEncoder.MAX_FIELDS) {
            // an HTTP/1.0 absolute-form request without Host: the target's authority becomes its Host
            HttpPacketEncoder.putField(out, "Host");
            HttpPacketEncoder.putField(out, in, fields.authorityFrom, fields.authorityTo - fields.authorityFrom);
            count++;
        }
        out.putShort(countAt, (short) count);
        bodyLengthAt = out.position();
        out.putInt(0);
        decideFraming();
        if (lastOnConnection) {
            keepAlive = false; // the worker answers Connection: close and closes after it
        }
        out.put(flagsAt, (byte) HttpPacketEncoder.flags(version, keepAlive));
    }

    private int requestLine(ByteBuffer in, int start, ByteBuffer out) throws HttpRejection {
        int eol = lineEnd(in, start, in.limit());
        int p = start;
        while (p < eol && HttpTokens.isTchar(in.get(p) & 0xFF)) {
            p++;
        }
        if (p == start || p == eol || in.get(p) != ' ') {
            throw HttpRejection.badRequest("request line: expected a method token then one space");
        }
        HttpPacketEncoder.putField(out, in, start, p - start);
        boolean connect = p - start == 7 && FieldSemantics.equalsIgnoreCase(in, start, p, "connect");
        int targetStart = ++p;
        while (p < eol && in.get(p) != ' ') {
            if (!HttpTokens.isTargetByte(in.get(p))) {
                throw HttpRejection.badRequest("request target: byte 0x" + hex(in.get(p)) + " is not visible ASCII");
            }
            p++;
        }
        if (p == targetStart || p == eol) {
            throw HttpRejection.badRequest("request line: expected a request target then one space");
        }
        version = version(in, p + 1, eol);
        if (connect) {
            throw new HttpRejection(HttpStatus.NOT_IMPLEMENTED, "CONNECT is not supported");
        }
        boolean options = targetStart - start == 8 && FieldSemantics.equalsCaseSensitive(in, start, "OPTIONS ");
        RequestTarget.write(in, targetStart, p, options, out, fields);
        return eol + 2;
    }

    private static HttpVersion version(ByteBuffer in, int from, int eol) throws HttpRejection {
        if (eol - from != 8 || !FieldSemantics.equalsCaseSensitive(in, from, "HTTP/")
                || !isDigit(in.get(from + 5)) || in.get(from + 6) != '.' || !isDigit(in.get(from + 7))) {
            throw HttpRejection.badRequest("request line: expected HTTP/1.0 or HTTP/1.1 after the target");
        }
        if (in.get(from + 5) != '1') {
            throw new HttpRejection(HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "HTTP/" + (char) in.get(from + 5) + "." + (char) in.get(from + 7) + " is not supported");
        }
        return in.get(from + 7) == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    /**
     * One "name: value" line [from, eol), written to out as two fields, the value without its
     * surrounding whitespace. Shared with trailer sections.
     */
    static void parseField(ByteBuffer in, int from, int eol, ByteBuffer out, FieldSemantics semantics)
            throws HttpRejection {
        byte first = in.get(from);
        if (first == ' ' || first == '\t') {
            throw HttpRejection.badRequest("field line starts with whitespace (obsolete line folding is refused)");
        }
        int p = from;
        while (p < eol && HttpTokens.isTchar(in.get(p) & 0xFF)) {
            p++;
        }
        if (p == eol || in.get(p) != ':') {
            throw HttpRejection.badRequest(p == eol ? "field line has no colon"
                    : "field name has byte 0x" + hex(in.get(p)) + " before its colon");
        }
        if (p == from) {
            throw HttpRejection.badRequest("field line has an empty name");
        }
        int nameEnd = p++;
        while (p < eol && (in.get(p) == ' ' || in.get(p) == '\t')) {
            p++;
        }
        int valueEnd = eol;
        while (valueEnd > p && (in.get(valueEnd - 1) == ' ' || in.get(valueEnd - 1) == '\t')) {
            valueEnd--;
        }
        for (int i = p; i < valueEnd; i++) {
            if (!HttpTokens.isFieldValueByte(in.get(i))) {
                throw HttpRejection.badRequest("field value has control byte 0x" + hex(in.get(i)));
            }
        }
        HttpPacketEncoder.putField(out, in, from, nameEnd - from);
        if (semantics != null && semantics.replacesHost(in, from, nameEnd)) {
            // RFC 9112 §3.2.2: the absolute-form target's host is the request's host, whatever Host says
            HttpPacketEncoder.putField(out, in, semantics.authorityFrom, semantics.authorityTo - semantics.authorityFrom);
        } else {
            HttpPacketEncoder.putField(out, in, p, valueEnd - p);
        }
        if (semantics != null) {
            semantics.take(in, from, nameEnd, p, valueEnd);
        }
    }

    /** The index of the CR of the CRLF ending the line at from; a bare CR or LF is malformed. */
    static int lineEnd(ByteBuffer in, int from, int limit) throws HttpRejection {
        for (int i = from; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\n') {
                throw HttpRejection.badRequest("line ends with a bare LF");
            }
            if (b == '\r') {
                if (i + 1 < limit && in.get(i + 1) == '\n') {
                    return i;
                }
                throw HttpRejection.badRequest("bare CR inside a line");
            }
        }
        throw new IllegalStateException("no line end in a head that was found complete");
    }

    private void decideFraming() throws HttpRejection {
        FieldSemantics f = fields;
        if (version == HttpVersion.HTTP_1_1 && f.hostCount != 1) {
            throw HttpRejection.badRequest(f.hostCount == 0 ? "HTTP/1.1 request without Host" : "more than one Host field");
        }
        chunked = false;
        contentLength = f.contentLength;
        if (f.transferCodings > 0) {
            if (version == HttpVersion.HTTP_1_0) {
                throw HttpRejection.badRequest("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (f.contentLength >= 0) {
                throw HttpRejection.badRequest("both Content-Length and Transfer-Encoding (request smuggling guard)");
            }
            if (!f.lastCodingIsChunked || f.chunkedCount > 1) {
                throw HttpRejection.badRequest("Transfer-Encoding must end with chunked, exactly once");
            }
            if (f.transferCodings > 1) {
                throw new HttpRejection(HttpStatus.NOT_IMPLEMENTED, "transfer codings other than chunked are not supported");
            }
            chunked = true;
        }
        if (contentLength > bodyMax) {
            throw new HttpRejection(HttpStatus.CONTENT_TOO_LARGE, "Content-Length " + (contentLength == Long.MAX_VALUE
                    ? "beyond 10^18" : contentLength) + " exceeds package_max_length " + bodyMax);
        }
        if (f.unsupportedExpectation) {
            throw new HttpRejection(HttpStatus.EXPECTATION_FAILED, "Expect other than 100-continue");
        }
        // HTTP/1.0 clients cannot wait for a 100 (RFC 9110 §10.1.1), so the expectation is ignored.
        expectContinue = f.expectContinue && version == HttpVersion.HTTP_1_1;
        keepAlive = version == HttpVersion.HTTP_1_1 ? !f.connectionClose : f.connectionKeepAlive && !f.connectionClose;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }
}
