package drover.common.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns a response into HTTP/1.1 bytes: the head (status line and fields, with Date, Server and the
 * framing and connection fields Drover manages), then the body as is, or as chunks.
 */
public final class HttpResponseEncoder {
    public static final String SERVER = "drover";
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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
        checkStatus(status);
        StringBuilder head = new StringBuilder(128 + 32 * headers.size());
        head.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append("\r\n");
        if (!headers.contains("Date")) {
            head.append("Date: ").append(date).append("\r\n");
        }
        if (!headers.contains("Server")) {
            head.append("Server: ").append(SERVER).append("\r\n");
        }
        for (int i = 0; i < headers.size(); i++) {
            head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
        switch (framing) {
            case CONTENT_LENGTH -> head.append("Content-Length: ").append(contentLength).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case UNTIL_CLOSE, NO_BODY -> { }
        }
        if (!keepAlive || framing.forcesClose()) {
            head.append("Connection: close\r\n");
        } else if (requestVersion == HttpVersion.HTTP_1_0) {
            head.append("Connection: keep-alive\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
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
