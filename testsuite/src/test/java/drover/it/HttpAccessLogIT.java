package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** http_access_log: the reactor writes one line per response, in the Common Log Format or as JSON. */
@Timeout(300)
class HttpAccessLogIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachResponseGetsACommonLogFormatLine() throws Exception {
        Path log = cluster.home().resolve("access.log");
        cluster.set("http_access_log=" + log).start(DroverCluster.HTTP_HELLO_JAR);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/?n=" + i).statusCode());
        }
        try (RawHttpClient raw = new RawHttpClient(cluster.port())) {
            assertEquals(400, raw.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read().status()); // two Hosts: rejected
        }
        List<String> lines = awaitLines(log, 4);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000] "
                    + "\"GET /\\?n=" + i + " HTTP/1\\.1\" 200 \\d+"), lines.get(i));
        }
        assertTrue(lines.get(3).matches("127\\.0\\.0\\.1 - - \\[.*] \"-\" 400 \\d+"), lines.get(3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonFormatIsOneObjectALine() throws Exception {
        Path log = cluster.home().resolve("access.json");
        cluster.set("http_access_log=" + log).set("http_access_log_format=json").start(DroverCluster.HTTP_HELLO_JAR);
        assertEquals(404, get("/a%22b").statusCode()); // http-hello serves / and /echo only
        Map<String, Object> line = (Map<String, Object>) MiniJson.parse(awaitLines(log, 1).getFirst());
        assertEquals("127.0.0.1", line.get("remote"));
        assertEquals("GET /a%22b HTTP/1.1", line.get("request"));
        assertEquals(404L, line.get("status"));
        assertTrue((Long) line.get("bytes") > 0, line.toString());
    }

    private HttpResponse<String> get(String target) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port() + target)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(20));
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= count) {
                return lines;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a poll interval: the line count is awaited
        }
        fail("the access log has " + lines.size() + " lines, not " + count + ": " + lines);
        return null;
    }
}
