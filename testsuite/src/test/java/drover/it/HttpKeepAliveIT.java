package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keep-alive, pipelining, Connection: close, HTTP/1.0 and 100-continue against http-hello, over raw sockets. */
@Timeout(300)
class HttpKeepAliveIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    static String echo(String body, String... fields) {
        return "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n" + String.join("", fields)
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void pipelinedRequestsInOneWriteAreAnsweredInOrderOnOneConnection() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        StringBuilder burst = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            switch (i % 3) {
                case 0 -> { burst.append(get("/")); expected.add("200 Hello, World!"); }
                case 1 -> { burst.append(echo("body #" + i)); expected.add("200 body #" + i); }
                default -> { burst.append(get("/nothing-" + i)); expected.add("404 Not Found\n"); }
            }
        }
        // a chunked request in the burst too, with its body split in chunks
        burst.append("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        expected.add("200 abcde");
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            client.send(burst.toString());
            List<String> got = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                HttpReply reply = client.read();
                assertFalse(reply.closes(), reply.toString());
                got.add(reply.status() + " " + reply.text());
            }
            assertEquals(expected, got);
            // still open: one more request on the same connection
            assertEquals("Hello, World!", client.send(get("/")).read().text());
        }
    }

    @Test
    void connectionCloseEndsTheConnectionAfterItsResponseAndIgnoresWhatFollows() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            client.send(get("/") + "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" + get("/never-answered"));
            HttpReply first = client.read();
            assertEquals("Hello, World!", first.text());
            assertFalse(first.closes());
            HttpReply last = client.read();
            assertEquals(200, last.status());
            assertTrue(last.closes(), last.toString());
            assertTrue(client.closedByServer(), "the server must close after the Connection: close response");
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            HttpReply reply = client.send("GET / HTTP/1.0\r\n\r\n").read();
            assertEquals("Hello, World!", reply.text());
            assertTrue(reply.closes(), reply.toString());
            assertTrue(client.closedByServer());
        }
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            for (int i = 0; i < 3; i++) {
                HttpReply reply = client.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nten " + i)
                        .read();
                assertEquals("ten " + i, reply.text());
                assertEquals("keep-alive", reply.field("Connection"));
            }
            HttpReply last = client.send("GET / HTTP/1.0\r\n\r\n").read();
            assertTrue(last.closes(), last.toString());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        cluster.set("package_max_length=64K").start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
            HttpReply interim = client.read();
            assertEquals(100, interim.status(), interim.toString());
            assertEquals("hello there", client.send("hello there").read().text());
            // the body sent at once with the head: no 100 is owed (RFC 9110 10.1.1), just the answer
            HttpReply direct = client.send(echo("at once", "Expect: 100-continue\r\n")).read();
            assertEquals(200, direct.status());
            assertEquals("at once", direct.text());
            // a body over package_max_length is refused before the client sends it
            HttpReply refused = client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 70000\r\n\r\n").read();
            assertEquals(413, refused.status(), refused.toString());
            assertTrue(refused.closes());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestsStillGetsTheirResponses() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            client.send(get("/") + echo("after the half-close"));
            client.shutdownOutput();
            assertEquals("Hello, World!", client.read().text());
            assertEquals("after the half-close", client.read().text());
            assertTrue(client.closedByServer(), "the server closes once it has answered");
        }
    }

    @Test
    void headGetsTheHeadOnlyAndTheConnectionGoesOn() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            HttpReply head = client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n" + get("/")).read(true);
            assertEquals("13", head.field("Content-Length"));
            assertNull(head.field("Transfer-Encoding"));
            assertEquals("Hello, World!", client.read().text());
        }
    }
}
