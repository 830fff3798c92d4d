package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One server, several protocols: listen entries name their stack ({@code host:port/http}), each
 * connection gets its listener's, and the worker hands each session to the app for it (the faulty
 * example holds a length-framed DroverApp and an HttpApp). A bad suffix refuses the start, naming
 * the entry.
 */
@Timeout(300)
class ListenerProtocolsIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private record Curl(int exitCode, String out, String err) {}

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

    @Test
    void aLengthListenerAndAnHttpListenerServeTheirOwnProtocolAtOnce() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v curl").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "curl is not installed");
        int httpPort = freePort();
        // the cluster's own entry has no suffix: the jar's default, open_length_check
        Status status = cluster.alsoListen("127.0.0.1:" + httpPort + "/http").start(DroverCluster.FAULTY_JAR);
        assertTrue(status.toString().contains("127.0.0.1:" + cluster.port() + ", 127.0.0.1:" + httpPort + "/http"),
                "the status names each listener's protocol: " + status);

        Curl echo = curl("--data-binary", "posted by curl", "http://127.0.0.1:" + httpPort + "/echo");
        assertEquals(0, echo.exitCode(), echo.err());
        assertEquals("posted by curl", echo.out(), "the HTTP listener's request reached the HttpApp");

        try (EchoClient client = new EchoClient(cluster.port())) {
            byte[] body = "length framed".getBytes(StandardCharsets.US_ASCII);
            client.echo(body); // asserts the packet comes back whole: the DroverApp got it
        }
        try (EchoClient client = new EchoClient(cluster.port())) {
            // HTTP on the length listener is a packet declaring a length of 0x47455420 ("GET "): refused
            client.sendRaw("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(client.closedByServer(), "the length listener does not speak HTTP");
        }
        Curl again = curl("-w", "|%{http_code}", "http://127.0.0.1:" + httpPort + "/missing");
        assertEquals("Not Found\n|404", again.out(), again.err());
    }

    @Test
    void anUnknownSuffixRefusesTheStartNamingTheEntry() throws Exception {
        String entry = "127.0.0.1:" + freePort() + "/htp";
        CommandResult result = cluster.alsoListen(entry).tryStart(DroverCluster.FAULTY_JAR);
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("entry '" + entry + "': unknown protocol '/htp': expected one of /http,"
                + " /length, /eof, /raw"), result.output());
    }

    @Test
    void twoFramingsOnOneEntryRefuseTheStart() throws Exception {
        String entry = "127.0.0.1:" + freePort() + "/http/length";
        CommandResult result = cluster.alsoListen(entry).tryStart(DroverCluster.FAULTY_JAR);
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("entry '" + entry + "': names 2 protocols"), result.output());
    }

    @Test
    void anHttpListenerForAnAppWithoutAnHttpAppRefusesTheStart() throws Exception {
        CommandResult result = cluster.alsoListen("127.0.0.1:" + freePort() + "/http")
                .tryStart(DroverCluster.ECHO_JAR);
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("listen has HTTP and packet listeners"), result.output());
    }

    @Test
    void aSuffixOverridesTheDefaultProtocolForItsEntryOnly() throws Exception {
        int lengthPort = freePort();
        cluster.set("open_length_check=false").set("package_max_length=1024")
                .alsoListen("127.0.0.1:" + lengthPort + "/length").start(DroverCluster.ECHO_JAR);
        byte[] tooLong = {0, 1, 0, 0, 'x'}; // declares 65536 bytes, over package_max_length
        try (EchoClient raw = new EchoClient(cluster.port())) {
            raw.sendRaw(tooLong);
            byte[] back = raw.input().readNBytes(tooLong.length);
            assertArrayEquals(tooLong, back, "the entry without a suffix is raw now: its bytes are one packet");
        }
        try (EchoClient framed = new EchoClient(lengthPort)) {
            framed.sendRaw(tooLong);
            assertTrue(framed.closedByServer(), "the /length entry checks the declared length");
        }
    }
}
