package drover.reactor.http;

import static drover.reactor.http.FramerDriver.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpHeaders;
import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpRequestMessage;
import drover.common.http.HttpVersion;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid request streams give the same requests however the bytes are split into reads. */
class HttpFramerSplitTest {
    static final HttpLimits LIMITS = new HttpLimits(8192, 1 << 20, 0);

    record Case(String name, String wire, List<HttpRequestMessage> requests) {
        @Override
        public String toString() {
            return name;
        }
    }

    static HttpRequestMessage request(String method, String path, String query, HttpVersion version, boolean keepAlive,
                                      HttpHeaders headers, String body, HttpHeaders trailers) {
        return new HttpRequestMessage(method, path, query, version, keepAlive, headers, ascii(body), trailers);
    }

    static HttpRequestMessage request11(String method, String path, String query, HttpHeaders headers, String body) {
        return request(method, path, query, HttpVersion.HTTP_1_1, true, headers, body, HttpHeaders.empty());
    }

    static final String CONTINUE_WIRE = "PUT /files/a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("GET with a query", "GET /hello?name=a%20b&x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
                        List.of(request11("GET", "/hello", "name=a%20b&x=1",
                                HttpHeaders.of("Host", "example.com", "Accept", "*/*"), ""))),
                new Case("POST with Content-Length", "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n"
                        + "content-type:text/plain  \r\n\r\nhello world",
                        List.of(request11("POST", "/echo", "", HttpHeaders.of("Host", "h", "Content-Length", "11",
                                "content-type", "text/plain"), "hello world"))),
                new Case("chunked with an extension and trailers", "POST /up HTTP/1.1\r\nHost: h\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\nA \t;x\r\n world!!!!\r\n0\r\n"
                        + "Checksum: abc\r\nX-T:1\r\n\r\n",
                        List.of(request("POST", "/up", "", HttpVersion.HTTP_1_1, true,
                                HttpHeaders.of("Host", "h", "Transfer-Encoding", "chunked"), "hello world!!!!",
                                HttpHeaders.of("Checksum", "abc", "X-T", "1")))),
                new Case("pipelined GET then POST", "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                        + "POST /b?c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
                        List.of(request11("GET", "/a", "", HttpHeaders.of("Host", "h"), ""),
                                request11("POST", "/b", "c", HttpHeaders.of("Host", "h", "Content-Length", "3"), "abc"))),
                new Case("100-continue", CONTINUE_WIRE,
                        List.of(request11("PUT", "/files/a", "", HttpHeaders.of("Host", "h", "Expect", "100-continue",
                                "Content-Length", "4"), "data"))),
                new Case("HTTP/1.0 keep-alive then default close", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
                        + "GET /2 HTTP/1.0\r\n\r\n",
                        List.of(request("GET", "/", "", HttpVersion.HTTP_1_0, true,
                                        HttpHeaders.of("Connection", "Keep-Alive"), "", HttpHeaders.empty()),
                                request("GET", "/2", "", HttpVersion.HTTP_1_0, false, HttpHeaders.empty(), "",
                                        HttpHeaders.empty()))),
                new Case("Connection: close ends the stream; later bytes are ignored",
                        "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\nNOT HTTP AT ALL\r\n\r\n",
                        List.of(request("GET", "/", "", HttpVersion.HTTP_1_1, false,
                                HttpHeaders.of("Host", "h", "Connection", "upgrade, close"), "", HttpHeaders.empty()))),
                new Case("empty lines between requests are skipped", "\r\nPOST /p HTTP/1.1\r\nHost: h\r\n"
                        + "Content-Length: 2\r\n\r\nok\r\n\r\nGET /q HTTP/1.1\r\nHost: h\r\n\r\n",
                        List.of(request11("POST", "/p", "", HttpHeaders.of("Host", "h", "Content-Length", "2"), "ok"),
                                request11("GET", "/q", "", HttpHeaders.of("Host", "h"), ""))),
                new Case("absolute-form and asterisk-form targets, obs-text in a value",
                        "GET HTTP://example.com?x=1 HTTP/1.1\r\nHost: example.com\r\nX-Name: caf\u00e9\r\n\r\n"
                        + "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
                        List.of(request11("GET", "/", "x=1", HttpHeaders.of("Host", "example.com", "X-Name", "caf\u00e9"), ""),
                                request11("OPTIONS", "*", "", HttpHeaders.of("Host", "h"), ""))),
                // RFC 9112 §3.2.2: the absolute-form target's host replaces the Host field's value
                new Case("absolute-form target sets the host, not the Host field",
                        "GET http://other:8080/path?q HTTP/1.1\r\nhost: example.com\r\nAccept: */*\r\n\r\n",
                        List.of(request11("GET", "/path", "q", HttpHeaders.of("host", "other:8080", "Accept", "*/*"), ""))),
                new Case("HTTP/1.0 absolute-form target without Host gets one",
                        "GET http://other/x HTTP/1.0\r\n\r\n",
                        List.of(request("GET", "/x", "", HttpVersion.HTTP_1_0, false, HttpHeaders.of("Host", "other"), "",
                                HttpHeaders.empty()))),
                new Case("Host values that are host[:port]: IPv6, IPv4, port, pct-encoded, empty",
                        "GET / HTTP/1.1\r\nHost: [::1]:9501\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        + "GET / HTTP/1.1\r\nHost: a%41.b-c_d~:80\r\n\r\nGET / HTTP/1.1\r\nHost:\r\n\r\n",
                        List.of(request11("GET", "/", "", HttpHeaders.of("Host", "[::1]:9501"), ""),
                                request11("GET", "/", "", HttpHeaders.of("Host", "127.0.0.1"), ""),
                                request11("GET", "/", "", HttpHeaders.of("Host", "a%41.b-c_d~:80"), ""),
                                request11("GET", "/", "", HttpHeaders.of("Host", ""), ""))));
    }

    static List<HttpPacket> withoutContinues(List<HttpPacket> packets) {
        return packets.stream().filter(p -> !(p instanceof HttpPacket.ContinueOwed)).toList();
    }

    static List<HttpPacket> asPackets(List<HttpRequestMessage> requests) {
        return requests.stream().<HttpPacket>map(HttpPacket.Request::new).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTwoReadSplitGivesTheSameRequests(Case c) {
        byte[] wire = ascii(c.wire());
        for (int split = 0; split <= wire.length; split++) {
            FramerDriver driver = new FramerDriver(LIMITS)
                    .read(Arrays.copyOfRange(wire, 0, split)).read(Arrays.copyOfRange(wire, split, wire.length));
            assertEquals(asPackets(c.requests()), withoutContinues(driver.packets), "split at byte " + split);
            assertEquals(0, driver.pendingBytes(), "split at byte " + split);
            assertEquals(0, driver.framer.hasDeadline() ? 1 : 0, "a complete stream leaves no deadline; split " + split);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneByteAtATimeGivesTheSameRequests(Case c) {
        FramerDriver driver = new FramerDriver(LIMITS);
        for (byte b : ascii(c.wire())) {
            driver.read(new byte[] {b});
        }
        assertEquals(asPackets(c.requests()), withoutContinues(driver.packets));
        assertEquals(0, driver.pendingBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void packetsAreExactlyWhatTheEncoderWritesForTheDecodedRequest(Case c) {
        FramerDriver driver = new FramerDriver(LIMITS).read(c.wire());
        for (int i = 0; i < driver.packets.size(); i++) {
            if (driver.packets.get(i) instanceof HttpPacket.Request r) {
                assertEquals(Arrays.toString(HttpPacketEncoder.request(r.message())),
                        Arrays.toString(driver.rawPackets.get(i)));
            }
        }
    }

    @Test
    void continueIsOwedOnlyWhenTheHeadArrivedWithoutBodyBytes() {
        byte[] wire = ascii(CONTINUE_WIRE);
        int headEnd = CONTINUE_WIRE.indexOf("\r\n\r\n") + 4;
        for (int split = 0; split <= wire.length; split++) {
            FramerDriver driver = new FramerDriver(LIMITS)
                    .read(Arrays.copyOfRange(wire, 0, split)).read(Arrays.copyOfRange(wire, split, wire.length));
            if (split == headEnd) {
                assertEquals(2, driver.packets.size());
                assertInstanceOf(HttpPacket.ContinueOwed.class, driver.packets.get(0), "the 100 comes before the request");
                assertInstanceOf(HttpPacket.Request.class, driver.packets.get(1));
            } else {
                assertEquals(1, driver.packets.size(), "split at " + split + ": " + driver.packets);
            }
        }
    }

    @Test
    void continueIsNotOwedToHttp10OrWithoutABody() {
        FramerDriver driver = new FramerDriver(LIMITS)
                .read("PUT /a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
                .read("ok");
        assertEquals(1, driver.packets.size());
        driver = new FramerDriver(LIMITS).read("GET /a HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n");
        assertEquals(1, driver.packets.size());
        assertInstanceOf(HttpPacket.Request.class, driver.packets.getFirst());
    }

    @Test
    void aThousandPipelinedRequestsInOneReadComeOutInOrder() {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            wire.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        FramerDriver driver = new FramerDriver(LIMITS).read(wire.toString());
        assertEquals(1000, driver.packets.size());
        for (int i = 0; i < 1000; i++) {
            HttpPacket.Request r = (HttpPacket.Request) driver.packets.get(i);
            assertEquals("/r" + i, r.message().path());
        }
        assertTrue(driver.framer.wantsInput());
    }

    @Test
    void aLargeBodyIsConsumedAsItArrivesSoTheInputBufferStaysSmall() {
        int size = 300_000;
        FramerDriver driver = new FramerDriver(LIMITS).read("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n");
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i * 31);
        }
        for (int i = 0; i < size; i += 1000) {
            driver.read(Arrays.copyOfRange(body, i, Math.min(size, i + 1000)));
        }
        assertEquals(1, driver.packets.size());
        assertEquals(Arrays.toString(body), Arrays.toString(((HttpPacket.Request) driver.packets.getFirst()).message().body()));
        assertEquals(FramerDriver.INITIAL_INPUT, driver.inputCapacity());
    }
}
