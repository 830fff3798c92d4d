package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The http-hello example served to curl: keep-alive, HTTP/1.0, Expect: 100-continue, chunked uploads. */
@Timeout(300)
class HttpCurlIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    private record Curl(int exitCode, String out, String err) {}

    @BeforeEach
    void needsCurl() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v curl").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "curl is not installed");
    }

    private Curl curl(String... args) throws Exception {
        Path out = cluster.home().resolve("curl.out");
        Path err = cluster.home().resolve("curl.err");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(Deadline.scaled(Duration.ofSeconds(90)).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("curl " + command + " did not finish: " + Files.readString(err));
        }
        return new Curl(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1), Files.readString(err));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + cluster.port() + path;
    }

    @Test
    void curlGetsHelloAndEchoAndReusesItsConnectionForASecondUrl() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        Curl two = curl("-w", "|%{http_code}|%{num_connects}\\n", url("/"), url("/missing"));
        assertEquals(0, two.exitCode(), two.err());
        // num_connects 0 on the second transfer: it went over the first one's connection
        assertEquals("Hello, World!|200|1\nNot Found\n|404|0\n", two.out());

        Curl echo = curl("--data-binary", "posted by curl", "-H", "Content-Type: text/plain", url("/echo"));
        assertEquals("posted by curl", echo.out(), echo.err());

        Curl old = curl("--http1.0", "-i", url("/"));
        assertTrue(old.out().startsWith("HTTP/1.1 200 OK\r\n"), old.out());
        assertTrue(old.out().contains("\r\nConnection: close\r\n") && old.out().endsWith("\r\n\r\nHello, World!"), old.out());

        Curl head = curl("-I", url("/"));
        assertTrue(head.out().contains("Content-Length: 13\r\n") && head.out().endsWith("\r\n\r\n"), head.out());
    }

    @Test
    void curlUploadsWithExpect100ContinueAndWithChunkedEncodingAreEchoed() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        Path upload = Files.write(cluster.home().resolve("upload.bin"), body);
        Path echoed = cluster.home().resolve("echoed.bin");

        Curl expect = curl("-v", "-H", "Expect: 100-continue", "--data-binary", "@" + upload, "-o", echoed.toString(),
                url("/echo"));
        assertEquals(0, expect.exitCode(), expect.err());
        assertTrue(expect.err().contains("< HTTP/1.1 100 Continue"), expect.err());
        assertArrayEquals(body, Files.readAllBytes(echoed));

        Files.delete(echoed);
        Curl chunked = curl("-v", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload,
                "-o", echoed.toString(), url("/echo"));
        assertEquals(0, chunked.exitCode(), chunked.err());
        assertTrue(chunked.err().contains("> Transfer-Encoding: chunked"), chunked.err());
        assertArrayEquals(body, Files.readAllBytes(echoed));

        Curl both = curl("-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue", "--data-binary",
                "chunked and expecting", url("/echo"));
        assertEquals("chunked and expecting", both.out(), both.err());
    }
}
