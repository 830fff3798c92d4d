package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpHeaders;
import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpPacketFormatException;
import drover.common.http.HttpRequestMessage;
import drover.common.http.HttpStatus;
import drover.common.http.HttpVersion;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpExchangeHandlerTest {
    static final long SESSION = 42;
    static final long NOW = 784_111_777_000L; // Sun, 06 Nov 1994 08:49:37 GMT
    static final String HEAD_START = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: drover\r\n";

    /** Records what the handler sends, as text, and which sessions it closes. */
    static final class RecordingServer extends UnusedServer implements HttpExchangeHandler.Sessions {
        final StringBuilder sent = new StringBuilder();
        final List<Long> closed = new ArrayList<>();
        /** What reached the reactor, in order: "send <bytes>", "end", "close". */
        final List<String> events = new ArrayList<>();
        int sends;

        @Override
        public boolean send(long sessionId, byte[] data) {
            sends++;
            sent.append(new String(data, StandardCharsets.ISO_8859_1));
            events.add("send " + data.length);
            return true;
        }

        @Override
        public boolean close(long sessionId, boolean reset) {
            closed.add(sessionId);
            events.add("close");
            return true;
        }

        @Override
        public boolean close(long sessionId) {
            return close(sessionId, false);
        }

        @Override
        public void responseEnded(long sessionId) {
            events.add("end");
        }

        @Override
        public boolean bind(long sessionId, long uid) {
            throw new UnsupportedOperationException("HTTP exchanges never bind");
        }

        @Override
        public int workerId() {
            return 0;
        }
    }

    final RecordingServer server = new RecordingServer();

    HttpExchangeHandler handler(HttpApp app) {
        return new HttpExchangeHandler(app, (Server) server, () -> NOW); // as the adapter does: Sessions found by type
    }

    static byte[] get(String target, HttpVersion version, boolean keepAlive, String... headers) {
        int q = target.indexOf('?');
        return HttpPacketEncoder.request(new HttpRequestMessage("GET", q < 0 ? target : target.substring(0, q),
                q < 0 ? "" : target.substring(q + 1), version, keepAlive, HttpHeaders.of(headers), new byte[0],
                HttpHeaders.empty()));
    }

    static byte[] request(String method, String body) {
        return HttpPacketEncoder.request(new HttpRequestMessage(method, "/x", "", HttpVersion.HTTP_1_1, true,
                HttpHeaders.empty(), body.getBytes(StandardCharsets.UTF_8), HttpHeaders.of("Checksum", "7")));
    }

    @Test
    void aSmallWholeResponseLeavesAsOneSendAndALargeOneAsHeadThenBody() throws HttpPacketFormatException {
        byte[] large = new byte[ResponseWriter.ONE_SEND_MAX];
        HttpExchangeHandler h = handler((req, res) -> res.end(req.path().equals("/large") ? large : "small".getBytes()));
        h.onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        assertEquals(1, server.sends);
        assertTrue(server.sent.toString().endsWith("\r\n\r\nsmall"), server.sent.toString());
        h.onReceive(SESSION, get("/large", HttpVersion.HTTP_1_1, true));
        assertEquals(3, server.sends);
        assertEquals(large.length, server.sent.length() - server.sent.indexOf("\r\n\r\n", server.sent.indexOf("small")) - 4);
    }

    @Test
    void wholeBodyResponseHasContentLength() throws HttpPacketFormatException {
        handler((req, res) -> res.header("Content-Type", "text/plain").end("Hello, World!"))
                .onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        assertEquals("HTTP/1.1 200 OK\r\n" + HEAD_START + "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
                + "Hello, World!", server.sent.toString());
        assertEquals(List.of(), server.closed);
    }

    @Test
    void requestExposesDecodedParametersHeadersCookiesBodyAndTrailers() throws HttpPacketFormatException {
        AtomicReference<Request> seen = new AtomicReference<>();
        HttpExchangeHandler handler = handler((req, res) -> {
            seen.set(req);
            res.end();
        });
        handler.onReceive(SESSION, get("/p?a=1&a=2&b=%E2%82%AC&c+d=e+f&bad=%zz&flag", HttpVersion.HTTP_1_1, true,
                "Cookie", "sid=abc; theme=\"dark\"", "X-Mixed", "1", "cookie", "sid=other; lang=en", "x-mixed", "2"));
        Request req = seen.get();
        assertEquals(Map.of("a", List.of("1", "2"), "b", List.of("\u20ac"), "c d", List.of("e f"),
                "bad", List.of("%zz"), "flag", List.of("")), req.queryParameters());
        assertEquals("1", req.queryParameter("a"));
        assertEquals(null, req.queryParameter("none"));
        assertEquals("1", req.header("X-MIXED"));
        assertEquals(List.of("1", "2"), req.headers("x-Mixed"));
        assertEquals(List.of("Cookie", "X-Mixed", "cookie", "x-mixed"), req.headerNames());
        assertEquals(Map.of("sid", "abc", "theme", "dark", "lang", "en"), req.cookies());
        assertEquals("GET", req.method());
        assertEquals("/p", req.path());
        assertEquals("HTTP/1.1", req.version());
        assertEquals(SESSION, req.sessionId());

        handler.onReceive(SESSION, request("POST", "caf\u00e9"));
        assertEquals("caf\u00e9", seen.get().bodyText());
        assertEquals("7", seen.get().trailer("checksum"));
    }

    @Test
    void streamedResponseIsChunkedForHttp11() throws HttpPacketFormatException {
        handler((req, res) -> res.write("ab").write(new byte[0]).write("cde").end())
                .onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        assertEquals("HTTP/1.1 200 OK\r\n" + HEAD_START + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
                server.sent.toString());
        assertEquals(List.of(), server.closed);
    }

    @Test
    void streamedResponseToHttp10EndsByClosing() throws HttpPacketFormatException {
        handler((req, res) -> res.write("ab").end("c")).onReceive(SESSION, get("/", HttpVersion.HTTP_1_0, true));
        assertEquals("HTTP/1.1 200 OK\r\n" + HEAD_START + "Connection: close\r\n\r\nabc", server.sent.toString());
        assertEquals(List.of(SESSION), server.closed);
    }

    @Test
    void keepAliveFollowsTheRequestAndCloseConnection() throws HttpPacketFormatException {
        handler((req, res) -> res.end("x")).onReceive(SESSION, get("/", HttpVersion.HTTP_1_0, true));
        assertTrue(server.sent.toString().endsWith("Content-Length: 1\r\nConnection: keep-alive\r\n\r\nx"));
        handler((req, res) -> res.end("x")).onReceive(SESSION + 1, get("/", HttpVersion.HTTP_1_1, false));
        handler((req, res) -> res.closeConnection().end("x")).onReceive(SESSION + 2, get("/", HttpVersion.HTTP_1_1, true));
        assertEquals(List.of(SESSION + 1, SESSION + 2), server.closed);
        assertEquals(2, server.sent.toString().split("Connection: close").length - 1);
    }

    @Test
    void headResponseAnnouncesTheBodyWithoutSendingIt() throws HttpPacketFormatException {
        handler((req, res) -> res.end("Hello")).onReceive(SESSION, request("HEAD", ""));
        assertEquals("HTTP/1.1 200 OK\r\n" + HEAD_START + "Content-Length: 5\r\n\r\n", server.sent.toString());
    }

    @Test
    void pipelinedResponsesLeaveInRequestOrderEvenWhenEndedOutOfOrder() throws HttpPacketFormatException {
        List<Response> deferred = new ArrayList<>();
        HttpExchangeHandler handler = handler((req, res) -> {
            if (req.path().equals("/slow")) {
                res.write("s1-");
                deferred.add(res);
            } else {
                res.end("fast");
            }
        });
        handler.onReceive(SESSION, get("/slow", HttpVersion.HTTP_1_1, true));
        handler.onReceive(SESSION, get("/fast", HttpVersion.HTTP_1_1, true));
        handler.onReceive(SESSION, HttpPacketEncoder.continueOwed());
        String beforeEnd = server.sent.toString();
        assertFalse(beforeEnd.contains("fast") || beforeEnd.contains("100 Continue"), beforeEnd);

        deferred.getFirst().end("s2");
        String all = server.sent.toString();
        assertTrue(all.indexOf("s2") < all.indexOf("fast") && all.indexOf("fast") < all.indexOf("100 Continue"), all);
    }

    @Test
    void eachResponseIsCountedOffAfterItsLastSendInRequestOrderAndBeforeTheClose() throws HttpPacketFormatException {
        List<Response> deferred = new ArrayList<>();
        HttpExchangeHandler handler = handler((req, res) -> {
            if (req.path().equals("/slow")) {
                deferred.add(res);
            } else {
                res.closeConnection().end("fast");
            }
        });
        handler.onReceive(SESSION, get("/slow", HttpVersion.HTTP_1_1, true));
        handler.onReceive(SESSION, HttpPacketEncoder.continueOwed());
        handler.onReceive(SESSION, get("/fast", HttpVersion.HTTP_1_1, true));
        assertEquals(List.of(), server.events, "nothing may pass the unanswered first request");
        deferred.getFirst().write("part").end("rest");
        assertEquals(List.of("send", "send", "send", "send", "end", "send", "end", "send", "end", "close"),
                server.events.stream().map(e -> e.split(" ")[0]).toList(), server.events.toString());
    }

    @Test
    void inputEndedClosesOnlyAfterTheResponsesOwedAreWritten() throws HttpPacketFormatException {
        List<Response> deferred = new ArrayList<>();
        HttpExchangeHandler handler = handler((req, res) -> deferred.add(res));
        handler.onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        handler.onReceive(SESSION, HttpPacketEncoder.inputEnded());
        assertEquals(List.of(), server.closed, "the client still waits for its response");
        deferred.getFirst().end("late but delivered");
        assertTrue(server.sent.toString().endsWith("late but delivered"), server.sent.toString());
        assertEquals(List.of(SESSION), server.closed);
    }

    @Test
    void rejectionIsAnsweredAfterEarlierResponsesThenCloses() throws HttpPacketFormatException {
        HttpExchangeHandler handler = handler((req, res) -> res.end("ok"));
        handler.onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        handler.onReceive(SESSION, HttpPacketEncoder.reject(HttpStatus.HEADER_FIELDS_TOO_LARGE, "head too big"));
        String sent = server.sent.toString();
        assertTrue(sent.indexOf("ok") < sent.indexOf("HTTP/1.1 431 Request Header Fields Too Large"), sent);
        assertTrue(sent.endsWith("Connection: close\r\n\r\n431 Request Header Fields Too Large\n"), sent);
        assertEquals(List.of(SESSION), server.closed);
    }

    @Test
    void anExceptionBeforeTheHeadBecomesA500AndAfterItCutsTheConnection() throws HttpPacketFormatException {
        handler((req, res) -> {
            res.header("X", "1");
            throw new IllegalStateException("app bug");
        }).onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        assertTrue(server.sent.toString().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), server.sent.toString());
        assertFalse(server.sent.toString().contains("X: 1"));
        assertEquals(List.of(SESSION), server.closed);

        server.sent.setLength(0);
        handler((req, res) -> {
            res.write("partial");
            throw new IllegalStateException("app bug");
        }).onReceive(SESSION + 1, get("/", HttpVersion.HTTP_1_1, true));
        assertFalse(server.sent.toString().contains("500"));
        assertEquals(List.of(SESSION, SESSION + 1), server.closed);
    }

    @Test
    void misuseOfTheResponseIsRefusedWithoutSendingAnything() throws HttpPacketFormatException {
        List<String> errors = new ArrayList<>();
        handler((req, res) -> {
            errors.add(assertThrows(IllegalArgumentException.class, () -> res.header("X", "a\nb")).getMessage());
            errors.add(assertThrows(IllegalArgumentException.class, () -> res.header("Content-Length", "1")).getMessage());
            errors.add(assertThrows(IllegalArgumentException.class, () -> res.status(100)).getMessage());
            res.status(204);
            errors.add(assertThrows(IllegalArgumentException.class, () -> res.end("body")).getMessage());
            assertEquals("", server.sent.toString());
            res.end();
            errors.add(assertThrows(IllegalStateException.class, res::end).getMessage());
            assertTrue(res.isEnded());
        }).onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        assertEquals(5, errors.size(), errors.toString());
        assertEquals("a 204 response has no body, but 4 bytes were given", errors.get(3));
        assertEquals("the response was already ended", errors.get(4));
        assertEquals("HTTP/1.1 204 No Content\r\n" + HEAD_START + "\r\n", server.sent.toString());
    }

    @Test
    void headersCannotChangeOnceStreamingStarted() throws HttpPacketFormatException {
        handler((req, res) -> {
            res.write("a");
            assertEquals("header() after the response head was sent",
                    assertThrows(IllegalStateException.class, () -> res.header("X", "1")).getMessage());
            res.end();
        }).onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
    }

    @Test
    void aClosedSessionDropsLateResponses() throws HttpPacketFormatException {
        List<Response> deferred = new ArrayList<>();
        HttpExchangeHandler handler = handler((req, res) -> deferred.add(res));
        handler.onReceive(SESSION, get("/", HttpVersion.HTTP_1_1, true));
        handler.onClose(SESSION);
        deferred.getFirst().end("late");
        assertEquals("", server.sent.toString());
    }

    @Test
    void aMalformedPacketClosesTheSession() {
        assertThrows(HttpPacketFormatException.class, () -> handler((req, res) -> res.end()).onReceive(SESSION, new byte[] {7}));
        assertEquals(List.of(SESSION), server.closed);
    }
}
