package drover.common.http;

import java.nio.charset.StandardCharsets;

/**
 * The responses Drover writes on its own: the interim 100 Continue, and the error responses that
 * end a connection (400, 408, 413, 414, 417, 431, 501, 505), each with a one-line text body.
 */
public final class HttpErrorResponse {
    /** Sent when the client asked {@code Expect: 100-continue}, before it sends the body. */
    public static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final HttpHeaders TEXT = HttpHeaders.of("Content-Type", "text/plain; charset=utf-8");

    private HttpErrorResponse() {
    }

    /** The whole response, {@code Connection: close} included: the connection ends after it. */
    public static byte[] bytes(HttpStatus status, String date) {
        if (status.code() < 400) {
            throw new IllegalArgumentException(status + " is not an error status");
        }
        byte[] body = (status.code() + " " + status.reason() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] head = HttpResponseEncoder.head(status.code(), TEXT, ResponseFraming.CONTENT_LENGTH, body.length,
                HttpVersion.HTTP_1_1, false, date);
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }
}
