package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Malformed, over-limit and too-slow requests get their status and a close; other connections go on. */
@Timeout(300)
class HttpLimitsIT {
    static final String GOOD = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2)
            .set("package_max_length=64K").set("http_header_max=1K").set("http_request_timeout=1");

    private static Map<String, Integer> badRequests() {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        requests.put("GET / HTTP/1.1\r\n\r\n", 400); // no Host
        requests.put("GET / HTTP/1.1\nHost: a\n\n", 400); // bare LF
        requests.put("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        requests.put("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        requests.put("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 400); // a TLS hello
        requests.put("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
        requests.put("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n", 413);
        requests.put("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n11000\r\n", 413);
        requests.put("GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414);
        StringBuilder bigHead = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 20; i++) {
            bigHead.append("X-Filler-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        requests.put(bigHead.append("\r\n").toString(), 431);
        return requests;
    }

    @Test
    void badAndOverLimitRequestsGetTheirStatusThenTheConnectionCloses() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient bystander = new RawHttpClient(cluster.port())) {
            for (Map.Entry<String, Integer> bad : badRequests().entrySet()) {
                try (RawHttpClient client = new RawHttpClient(cluster.port())) {
                    // a good request first: the error answer must come after its response, not overtake it
                    HttpReply reply = client.send(GOOD + bad.getKey()).read();
                    assertEquals("Hello, World!", reply.text());
                    HttpReply refusal = client.read();
                    String what = "for " + bad.getKey().substring(0, Math.min(60, bad.getKey().length())) + ": " + refusal;
                    assertEquals(bad.getValue(), refusal.status(), what);
                    assertTrue(refusal.closes(), what);
                    assertTrue(refusal.text().startsWith(bad.getValue() + " "), what);
                    assertTrue(client.closedByServer(), "no close " + what);
                }
                assertEquals("Hello, World!", bystander.send(GOOD).read().text());
            }
        }
    }

    @Test
    void aRequestNotWholeWithinTheTimeoutGets408ButAnIdleKeptAliveConnectionDoesNot() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (RawHttpClient idle = new RawHttpClient(cluster.port());
             RawHttpClient slowHead = new RawHttpClient(cluster.port());
             RawHttpClient slowBody = new RawHttpClient(cluster.port())) {
            assertEquals("Hello, World!", idle.send(GOOD).read().text());
            slowHead.send("GET / HTTP/1.1\r\nHost: t\r\n");
            slowBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nonly5");
            for (RawHttpClient slow : new RawHttpClient[] {slowHead, slowBody}) {
                HttpReply reply = slow.read();
                assertEquals(408, reply.status(), reply.toString());
                assertTrue(reply.closes());
                assertTrue(slow.closedByServer());
            }
            // idle longer than http_request_timeout by now (the 408s came after it), yet still served
            assertEquals("Hello, World!", idle.send(GOOD).read().text());
        }
        cluster.stop();
        String log = cluster.awaitLog("reactor thread 1 stopped");
        cluster.awaitLog("reactor thread 0 stopped");
        Matcher counts = Pattern.compile("request_timeouts=(\\d+)").matcher(cluster.log());
        int timeouts = 0;
        while (counts.find()) {
            timeouts += Integer.parseInt(counts.group(1));
        }
        assertEquals(2, timeouts, log);
    }
}
