package drover.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpResponseEncoderTest {
    static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

    static String head(int status, HttpHeaders headers, ResponseFraming framing, long length, HttpVersion version,
                       boolean keepAlive) {
        return new String(HttpResponseEncoder.head(status, headers, framing, length, version, keepAlive, DATE),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthResponseToAKeepAliveHttp11Client() {
        assertEquals("HTTP/1.1 200 OK\r\nDate: " + DATE + "\r\nServer: drover\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 13\r\n\r\n",
                head(200, HttpHeaders.of("Content-Type", "text/plain"), ResponseFraming.CONTENT_LENGTH, 13,
                        HttpVersion.HTTP_1_1, true));
    }

    @Test
    void chunkedResponseThatClosesTheConnection() {
        assertEquals("HTTP/1.1 404 Not Found\r\nDate: " + DATE + "\r\nServer: drover\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n",
                head(404, HttpHeaders.empty(), ResponseFraming.CHUNKED, 0, HttpVersion.HTTP_1_1, false));
    }

    @Test
    void http10KeepAliveIsSaidAndAStreamedBodyEndsByClosing() {
        assertTrue(head(200, HttpHeaders.empty(), ResponseFraming.CONTENT_LENGTH, 0, HttpVersion.HTTP_1_0, true)
                .endsWith("Content-Length: 0\r\nConnection: keep-alive\r\n\r\n"));
        assertTrue(head(200, HttpHeaders.empty(), ResponseFraming.UNTIL_CLOSE, 0, HttpVersion.HTTP_1_0, true)
                .endsWith("Server: drover\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void applicationDateAndServerReplaceTheDefaults() {
        String head = head(299, HttpHeaders.of("Server", "mine", "Date", "then"), ResponseFraming.NO_BODY, 0,
                HttpVersion.HTTP_1_1, true);
        assertEquals("HTTP/1.1 299 \r\nServer: mine\r\nDate: then\r\n\r\n", head);
    }

    @Test
    void framingFollowsStatusVersionAndKnownLength() {
        assertEquals(ResponseFraming.NO_BODY, ResponseFraming.choose(204, HttpVersion.HTTP_1_1, true));
        assertEquals(ResponseFraming.NO_BODY, ResponseFraming.choose(304, HttpVersion.HTTP_1_1, false));
        assertEquals(ResponseFraming.CONTENT_LENGTH, ResponseFraming.choose(200, HttpVersion.HTTP_1_0, true));
        assertEquals(ResponseFraming.CHUNKED, ResponseFraming.choose(200, HttpVersion.HTTP_1_1, false));
        assertEquals(ResponseFraming.UNTIL_CLOSE, ResponseFraming.choose(200, HttpVersion.HTTP_1_0, false));
    }

    @Test
    void aHeadWithItsBodyIsTheHeadFollowedByTheBody() {
        byte[] body = "caf\u00e9 body".getBytes(StandardCharsets.UTF_8);
        HttpHeaders latin1 = HttpHeaders.of("Content-Type", "text/plain", "X-Note", "\u00e9t\u00e9\tend");
        for (int status : new int[] {200, 404, 599, 999}) {
            for (HttpVersion version : HttpVersion.values()) {
                for (boolean keepAlive : new boolean[] {true, false}) {
                    for (ResponseFraming framing : new ResponseFraming[] {ResponseFraming.CONTENT_LENGTH, ResponseFraming.UNTIL_CLOSE}) {
                        for (HttpHeaders headers : new HttpHeaders[] {HttpHeaders.empty(), latin1, HttpHeaders.of("Date", "x", "Server", "y")}) {
                            String expected = head(status, headers, framing, body.length, version, keepAlive)
                                    + new String(body, StandardCharsets.ISO_8859_1);
                            byte[] whole = HttpResponseEncoder.headAndBody(status, headers, framing, version, keepAlive, DATE, body);
                            assertEquals(expected, new String(whole, StandardCharsets.ISO_8859_1),
                                    status + " " + version + " keepAlive=" + keepAlive + " " + framing + " " + headers);
                        }
                    }
                }
            }
        }
    }

    @Test
    void contentLengthsOfEveryWidthAreWrittenInFull() {
        for (long length : new long[] {0, 9, 10, 99, 100, 65_535, 1L << 31, Long.MAX_VALUE}) {
            assertTrue(head(200, HttpHeaders.empty(), ResponseFraming.CONTENT_LENGTH, length, HttpVersion.HTTP_1_1, true)
                    .endsWith("\r\nContent-Length: " + length + "\r\n\r\n"), "length " + length);
        }
    }

    @Test
    void aChunkedOrBodilessHeadIsNotJoinedToABody() {
        for (ResponseFraming framing : new ResponseFraming[] {ResponseFraming.CHUNKED, ResponseFraming.NO_BODY}) {
            assertThrows(IllegalArgumentException.class, () -> HttpResponseEncoder.headAndBody(200, HttpHeaders.empty(),
                    framing, HttpVersion.HTTP_1_1, true, DATE, new byte[1]));
        }
    }

    @Test
    void chunksAreHexSizedAndTheLastOneIsZero() {
        byte[] data = "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII);
        assertEquals("11\r\n23456789abcdefXYZ\r\n",
                new String(HttpResponseEncoder.chunk(data, 2, 17), StandardCharsets.US_ASCII));
        assertEquals("0\r\n\r\n", new String(HttpResponseEncoder.lastChunk(), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> HttpResponseEncoder.chunk(data, 0, 0));
    }

    @Test
    void fieldsThatWouldSplitTheResponseOrThatDroverOwnsAreRefused() {
        assertRefused("response field X has character 0xd at index 1", "X", "a\r\nInjected: 1");
        assertRefused("response field X has character 0x100 at index 0", "X", "\u0100");
        assertRefused("response field name 'Bad Name' is not an HTTP token", "Bad Name", "v");
        assertRefused("response field name '' is not an HTTP token", "", "v");
        assertRefused("response field content-length is set by Drover from the body and keep-alive; do not set it",
                "content-length", "5");
        assertRefused("response field Transfer-Encoding is set by Drover from the body and keep-alive; do not set it",
                "Transfer-Encoding", "chunked");
        assertThrows(IllegalArgumentException.class, () -> HttpResponseEncoder.checkStatus(100));
        assertThrows(IllegalArgumentException.class, () -> HttpResponseEncoder.checkStatus(1000));
    }

    private static void assertRefused(String message, String name, String value) {
        String actual = assertThrows(IllegalArgumentException.class,
                () -> HttpResponseEncoder.checkField(name, value)).getMessage();
        assertTrue(actual.startsWith(message), actual);
    }

    @ParameterizedTest
    @EnumSource(value = HttpStatus.class, names = {"CONTINUE", "OK"}, mode = EnumSource.Mode.EXCLUDE)
    void errorResponsesAreCompleteAndClose(HttpStatus status) {
        String response = new String(HttpErrorResponse.bytes(status, DATE), StandardCharsets.US_ASCII);
        String body = status.code() + " " + status.reason() + "\n";
        assertEquals("HTTP/1.1 " + status.code() + " " + status.reason() + "\r\nDate: " + DATE
                + "\r\nServer: drover\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body, response);
        assertEquals(status.reason(), HttpStatus.reasonPhrase(status.code()));
    }

    @Test
    void datesAreImfFixdateWithTwoDigitDays() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(Instant.parse("1994-11-06T08:49:37Z")));
        HttpDate cache = new HttpDate();
        String first = cache.at(784_111_777_000L);
        assertEquals(DATE, first);
        assertTrue(first == cache.at(784_111_777_999L), "the same second is formatted once");
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", cache.at(784_111_778_000L));
    }

    @Test
    void onlyErrorStatusesHaveErrorResponses() {
        assertThrows(IllegalArgumentException.class, () -> HttpErrorResponse.bytes(HttpStatus.OK, DATE));
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(HttpErrorResponse.CONTINUE, StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> HttpStatus.of(299));
    }
}
