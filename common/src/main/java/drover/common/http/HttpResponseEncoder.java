package drover.common.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns a response into HTTP/1.1 bytes: the head (status line and fields, with Date, Server and the
 * framing and connection fields Drover manages), then the body as is, or as chunks.
 */
public final class HttpResponseEncoder {
    public static final String SERVER = "drover";
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final String STATUS_LINE_START = "HTTP/1.1 ";
    private static final String DATE = "Date: ";
    private static final String SERVER_FIELD = "Server: " + SERVER + "\r\n";
    private static final String CONTENT_LENGTH = "Content-Length: ";
    private static final String CHUNKED = "Transfer-Encoding: chunked\r\n";

    private HttpResponseEncoder() {
    }

    /**
     * @param headers        the application's fields, each already accepted by {@link #checkField} (the
     *                       response checks a field when the app adds it, so it is not checked again on
     *                       every response); so none is Content-Length, Transfer-Encoding or Connection,
     *                       which follow from framing and keepAlive. Date and Server are added unless present.
     * @param contentLength  the body size, used only with {@link ResponseFraming#CONTENT_LENGTH}
     * @param requestVersion an HTTP/1.0 client needs {@code Connection: keep-alive} to keep the connection
     * @param keepAlive      whether the connection stays open; {@link ResponseFraming#UNTIL_CLOSE} closes anyway
     * @param date           the Date value, see {@link HttpDate}
     */
    public static byte[] head(int status, HttpHeaders headers, ResponseFraming framing, long contentLength,
                              HttpVersion requestVersion, boolean keepAlive, String date) {
        return encode(status, headers, framing, contentLength, requestVersion, keepAlive, date, EMPTY);
    }

    /**
     * The head with {@code body} after it, in one array: a whole small response costs one allocation
     * (a head built in a StringBuilder, then joined to its body, took five). Framed by Content-Length
     * or until close; the parameters are {@link #head}'s.
     */
    public static byte[] headAndBody(int status, HttpHeaders headers, ResponseFraming framing,
                                     HttpVersion requestVersion, boolean keepAlive, String date, byte[] body) {
        if (framing == ResponseFraming.CHUNKED || framing == ResponseFraming.NO_BODY) {
            throw new IllegalArgumentException(framing + " response: its body does not follow the head as is");
        }
        return encode(status, headers, framing, body.length, requestVersion, keepAlive, date, body);
    }

    private static byte[] encode(int status, HttpHeaders headers, ResponseFraming framing, long contentLength,
                                 HttpVersion requestVersion, boolean keepAlive, String date, byte[] body) {
        checkStatus(status);
        String reason = HttpStatus.reasonPhrase(status);
        boolean addDate = !headers.contains("Date");
        boolean addServer = !headers.contains("Server");
        String connection = !keepAlive || framing.forcesClose() ? "Connection: close\r\n"
                : requestVersion == HttpVersion.HTTP_1_0 ? "Connection: keep-alive\r\n" : "";
        // sized first, then written: every character is Latin-1 (checkField), one byte each
        int size = STATUS_LINE_START.length() + 3 + 1 + reason.length() + 2;
        if (addDate) {
            size += DATE.length() + date.length() + 2;
        }
        if (addServer) {
            size += SERVER_FIELD.length();
        }
        for (int i = 0; i < headers.size(); i++) {
            size += headers.name(i).length() + 2 + headers.value(i).length() + 2;
        }
        size += switch (framing) {
            case CONTENT_LENGTH -> CONTENT_LENGTH.length() + digits(contentLength) + 2;
            case CHUNKED -> CHUNKED.length();
            case UNTIL_CLOSE, NO_BODY -> 0;
        };
        size += connection.length() + 2;
        byte[] out = new byte[size + body.length];
        int p = put(out, 0, STATUS_LINE_START);
        out[p++] = (byte) ('0' + status / 100);
        out[p++] = (byte) ('0' + status / 10 % 10);
        out[p++] = (byte) ('0' + status % 10);
        out[p++] = ' ';
        p = crlf(out, put(out, p, reason));
        if (addDate) {
            p = crlf(out, put(out, put(out, p, DATE), date));
        }
        if (addServer) {
            p = put(out, p, SERVER_FIELD);
        }
        for (int i = 0; i < headers.size(); i++) {
            p = put(out, p, headers.name(i));
            out[p++] = ':';
            out[p++] = ' ';
            p = crlf(out, put(out, p, headers.value(i)));
        }
        switch (framing) {
            case CONTENT_LENGTH -> p = crlf(out, putDecimal(out, put(out, p, CONTENT_LENGTH), contentLength));
            case CHUNKED -> p = put(out, p, CHUNKED);
            case UNTIL_CLOSE, NO_BODY -> { }
        }
        p = crlf(out, put(out, p, connection));
        System.arraycopy(body, 0, out, p, body.length);
        return out;
    }

    @SuppressWarnings("deprecation") // the low byte of each char is what Latin-1 text wants: a plain array copy
    private static int put(byte[] out, int at, String latin1) {
        latin1.getBytes(0, latin1.length(), out, at);
        return at + latin1.length();
    }

    private static int crlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }

    private static int digits(long value) {
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    private static int putDecimal(byte[] out, int at, long value) {
        int end = at + digits(value);
        long v = value;
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /** One chunk of a chunked body; an empty chunk would end the body, so it is refused. */
    public static byte[] chunk(byte[] data, int offset, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("chunk length " + length + " must be positive (a 0 chunk ends the body)");
        }
        byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(data, offset, chunk, size.length, length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    /** The end of a chunked body, without trailers. */
    public static byte[] lastChunk() {
        return LAST_CHUNK.clone();
    }

    /** Final statuses only: interim (1xx) responses are Drover's business (100 Continue). */
    public static void checkStatus(int status) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("response status " + status + " is outside 200..999");
        }
    }

    /**
     * Refuses a field that would break the response apart (CR, LF or other control characters in
     * the value: response splitting) or that Drover writes itself.
     */
    public static void checkField(String name, String value) {
        if (name.isEmpty() || !HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("response field name '" + name + "' is not an HTTP token");
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection")) {
            throw new IllegalArgumentException("response field " + name
                    + " is set by Drover from the body and keep-alive; do not set it");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("response field " + name + " has character 0x"
                        + Integer.toHexString(c) + " at index " + i + "; only tab, visible ASCII, space and 0x80-0xFF are allowed");
            }
        }
    }
}
