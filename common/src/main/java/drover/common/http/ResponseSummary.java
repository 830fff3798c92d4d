package drover.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a worker tells the reactor of a whole HTTP response when http_access_log is on, as the
 * RESPONSE_END frame's payload: {@code status bytes request-line} in ISO-8859-1 (a char per byte of the request, as the worker encoding has it), e.g.
 * {@code 200 151 GET /index.html?x=1 HTTP/1.1} ({@code -} for the request line of a request the reactor
 * rejected). Without an access log the payload stays empty and nothing is measured.
 */
public record ResponseSummary(int status, long bytes, String requestLine) {
    public static byte[] encode(int status, long bytes, String requestLine) {
        return (status + " " + bytes + " " + requestLine).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The summary in a RESPONSE_END payload, or null when it carries none (or not one of these). */
    public static ResponseSummary decode(ByteBuffer payload) {
        if (!payload.hasRemaining()) {
            return null;
        }
        String text = StandardCharsets.ISO_8859_1.decode(payload).toString();
        int first = text.indexOf(' ');
        int second = first < 0 ? -1 : text.indexOf(' ', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            return new ResponseSummary(Integer.parseInt(text.substring(0, first)),
                    Long.parseLong(text.substring(first + 1, second)), text.substring(second + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "GET /path?query HTTP/1.1" */
    public static String requestLine(HttpRequestMessage request) {
        return request.method() + " " + request.path() + (request.query() == null || request.query().isEmpty()
                ? "" : "?" + request.query()) + " " + request.version().text();
    }

    /** The status code of a response whose first bytes these are ("HTTP/1.1 200 OK..."), or 0. */
    public static int statusOf(byte[] head) {
        if (head.length < 12 || head[8] != ' ') {
            return 0;
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            if (head[i] < '0' || head[i] > '9') {
                return 0;
            }
            status = status * 10 + head[i] - '0';
        }
        return status;
    }
}
