package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpPacket;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of malformed and over-limit requests, each with the status it must get. */
class HttpFramerRejectionTest {
    static final HttpLimits LIMITS = new HttpLimits(256, 100, 0);
    static final String H = "Host: h\r\n";

    static Stream<Arguments> corpus() {
        return Stream.of(
                // request line
                bad(400, "no version (HTTP/0.9)", "GET /\r\n\r\n"),
                bad(400, "two spaces: empty target", "GET  / HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "lowercase version", "GET / http/1.1\r\n" + H + "\r\n"),
                bad(400, "version with two digits", "GET / HTTP/1.10\r\n" + H + "\r\n"),
                bad(505, "HTTP/2.0 on a request line", "GET / HTTP/2.0\r\n" + H + "\r\n"),
                bad(505, "HTTP/0.9 written as a version", "GET / HTTP/0.9\r\n" + H + "\r\n"),
                bad(400, "TLS handshake on a plain port", "\u0016\u0003\u0001\u0002\u0000\u0001"),
                bad(400, "method with a slash", "GE/T / HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "target not starting with a slash", "GET a/b HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "fragment in the target", "GET /a#b HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "control byte in the target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "asterisk target for GET", "GET * HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "absolute target without a host", "GET http:///x HTTP/1.1\r\n" + H + "\r\n"),
                bad(501, "CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n"),
                // line ends
                bad(400, "bare LF line ends", "GET / HTTP/1.1\nHost: h\n\n"),
                bad(400, "bare CR inside a field value", "GET / HTTP/1.1\r\nX: a\rb\r\n" + H + "\r\n"),
                bad(400, "bare CR before the request line", "\rGET / HTTP/1.1\r\n" + H + "\r\n"),
                // fields
                bad(400, "HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n"),
                bad(400, "two Host fields", "GET / HTTP/1.1\r\n" + H + H + "\r\n"),
                bad(400, "Host with a space and an at sign (RFC 9112 3.2)", "GET / HTTP/1.1\r\nHost: a b@c\r\n\r\n"),
                bad(400, "Host with userinfo", "GET / HTTP/1.1\r\nHost: user@h\r\n\r\n"),
                bad(400, "Host with a port that is not digits", "GET / HTTP/1.1\r\nHost: h:80x\r\n\r\n"),
                bad(400, "Host with a path", "GET / HTTP/1.1\r\nHost: h/x\r\n\r\n"),
                bad(400, "Host with an unclosed IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n"),
                bad(400, "absolute target with userinfo", "GET http://u@other/ HTTP/1.1\r\n" + H + "\r\n"),
                bad(400, "obs-fold continuation line", "GET / HTTP/1.1\r\n" + H + "X-A: 1\r\n  more\r\n\r\n"),
                bad(400, "whitespace before the first field", "GET / HTTP/1.1\r\n Host: h\r\n\r\n"),
                bad(400, "whitespace between name and colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
                bad(400, "field line without a colon", "GET / HTTP/1.1\r\n" + H + "NoColon\r\n\r\n"),
                bad(400, "empty field name", "GET / HTTP/1.1\r\n" + H + ": x\r\n\r\n"),
                bad(400, "control byte in a value", "GET / HTTP/1.1\r\n" + H + "X: a\u0000b\r\n\r\n"),
                bad(417, "unknown expectation", "GET / HTTP/1.1\r\n" + H + "Expect: 200-ok\r\n\r\n"),
                // Content-Length
                bad(400, "Content-Length with a sign", "POST / HTTP/1.1\r\n" + H + "Content-Length: +5\r\n\r\n"),
                bad(400, "Content-Length with inner space", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5 5\r\n\r\n"),
                bad(400, "Content-Length hexadecimal", "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x5\r\n\r\n"),
                bad(400, "empty Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: \r\n\r\n"),
                bad(400, "two differing Content-Lengths",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
                bad(400, "a differing Content-Length list", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5, 6\r\n\r\nhello"),
                // Transfer-Encoding
                bad(400, "Content-Length and Transfer-Encoding",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(400, "chunked not the final coding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n"),
                bad(400, "only an unknown coding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n"),
                bad(400, "chunked twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"),
                bad(400, "misspelt chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n\r\n"),
                bad(400, "coding with a parameter", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked;q=1\r\n\r\n"),
                bad(400, "empty Transfer-Encoding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: ,\r\n\r\n"),
                bad(400, "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(501, "gzip before chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n"),
                // chunk framing
                bad(400, "chunk size not hex", chunked("zz\r\nhello\r\n0\r\n\r\n")),
                bad(400, "chunk size with 0x", chunked("0x5\r\nhello\r\n0\r\n\r\n")),
                bad(400, "negative chunk size", chunked("-5\r\nhello\r\n0\r\n\r\n")),
                bad(400, "empty chunk size", chunked("\r\nhello\r\n0\r\n\r\n")),
                bad(400, "whitespace after the size, no extension", chunked("5 \r\nhello\r\n0\r\n\r\n")),
                bad(400, "chunk size line with a bare LF", chunked("5\nhello\r\n0\r\n\r\n")),
                bad(400, "chunk data longer than its size", chunked("5\r\nhelloXX\r\n0\r\n\r\n")),
                bad(400, "control byte in a chunk extension", chunked("5;a\u0001\r\nhello\r\n0\r\n\r\n")),
                bad(400, "obs-fold in the trailers", chunked("0\r\nX: 1\r\n 2\r\n\r\n")),
                // sizes
                bad(413, "Content-Length over package_max_length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 101\r\n\r\n"),
                bad(413, "Content-Length of 30 digits",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 123456789012345678901234567890\r\n\r\n"),
                bad(413, "chunks adding up past package_max_length", chunked("40\r\n" + "x".repeat(64) + "\r\n40\r\n")),
                bad(413, "a huge chunk size", chunked("ffffffffffffffffffffffff\r\n")),
                bad(414, "request line over http_header_max", "GET /" + "a".repeat(300) + " HTTP/1.1\r\n" + H + "\r\n"),
                bad(431, "head over http_header_max", "GET / HTTP/1.1\r\n" + H + "X-Big: " + "b".repeat(250) + "\r\n\r\n"),
                bad(431, "trailers over http_header_max", chunked("0\r\nX-Big: " + "b".repeat(300) + "\r\n\r\n")),
                bad(400, "endless empty lines before a request", "\r\n".repeat(200)));
    }

    static Arguments bad(int status, String name, String wire) {
        return Arguments.of(status, name, wire);
    }

    static String chunked(String body) {
        return "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void malformedRequestIsRejectedWithItsStatusAtEverySplit(int status, String name, String wire) {
        byte[] bytes = FramerDriver.ascii(wire);
        for (int split = 0; split <= bytes.length; split++) {
            FramerDriver driver = new FramerDriver(LIMITS)
                    .read(Arrays.copyOfRange(bytes, 0, split)).read(Arrays.copyOfRange(bytes, split, bytes.length));
            HttpPacket.Rejected rejected = driver.rejection();
            assertEquals(status, rejected.status().code(), name + ", split at " + split + ": " + rejected.why());
            assertEquals(1, driver.packets.size(), "nothing but the rejection: " + driver.packets);
            assertFalse(driver.framer.wantsInput());
            assertEquals(0, driver.pendingBytes(), "input after a rejection is discarded");
        }
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(corpus().count() >= 25);
    }

    @Test
    void requestsBeforeABadOneAreStillDeliveredFirst() {
        FramerDriver driver = new FramerDriver(LIMITS)
                .read("GET /ok HTTP/1.1\r\n" + H + "\r\nGET /bad HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n" + H + "\r\n");
        assertEquals(2, driver.packets.size());
        assertEquals("/ok", ((HttpPacket.Request) driver.packets.get(0)).message().path());
        assertEquals(400, driver.rejection().status().code());
        driver.read("GET /later HTTP/1.1\r\n" + H + "\r\n");
        assertEquals(2, driver.packets.size(), "a rejected connection takes no more requests");
    }

    @Test
    void headExactlyAtTheLimitIsAccepted() {
        String start = "GET / HTTP/1.1\r\n" + H + "X: ";
        String wire = start + "v".repeat(LIMITS.headMax() - start.length() - 4) + "\r\n\r\n";
        assertEquals(LIMITS.headMax(), wire.length());
        FramerDriver driver = new FramerDriver(LIMITS).read(wire);
        assertEquals(1, driver.packets.size());
        assertEquals(431, new FramerDriver(LIMITS).read(wire.replace("X: ", "X: v")).rejection().status().code());
    }

    @Test
    void bodyExactlyAtTheLimitIsAcceptedChunkedOrNot() {
        String body = "b".repeat(LIMITS.bodyMax());
        FramerDriver fixed = new FramerDriver(LIMITS)
                .read("POST / HTTP/1.1\r\n" + H + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertEquals(body.length(), ((HttpPacket.Request) fixed.packets.getFirst()).message().body().length);
        FramerDriver chunks = new FramerDriver(LIMITS)
                .read(chunked("32\r\n" + body.substring(50) + "\r\n32\r\n" + body.substring(50) + "\r\n0\r\n\r\n"));
        assertEquals(body.length(), ((HttpPacket.Request) chunks.packets.getFirst()).message().body().length);
    }

    @Test
    void the413ComesBeforeTheBodyIsSent() {
        FramerDriver driver = new FramerDriver(LIMITS)
                .read("PUT / HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
        assertEquals(413, driver.rejection().status().code());
        assertEquals(1, driver.packets.size(), "no 100 Continue for a body that will be refused");
    }
}
