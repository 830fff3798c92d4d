package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/haproxy/fleet.sh end to end: Debian's HAProxy in front of three http-hello instances, HTTP
 * balanced round robin (seen in HAProxy's X-Served-By), an instance set to drain through HAProxy's
 * runtime API left out, the TCP frontend passing requests through, the client's own address seen by
 * the app through both (PROXY v2 on /proxy listeners), and SIGTERM stopping HAProxy and every
 * instance, leaving nothing behind (HaproxyRollingDeployIT restarts and kills instances under load).
 * Skipped without haproxy.
 */
@Timeout(300)
class HaproxyFleetIT {
    private static final String HELLO = "Hello, World!";

    @TempDir
    Path tmp;
    private Process fleet;

    private static void assumeInstalled(String tool) throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0,
                tool + " is not installed (apt-get install " + tool + "): skipped");
    }

    @AfterEach
    void killLeftovers() throws Exception {
        List<ProcessHandle> left = new ArrayList<>(leftoverProcesses());
        if (fleet != null) {
            left.addAll(fleet.descendants().toList());
            left.add(fleet.toHandle());
        }
        ShmQueues.killAndSweep(left); // a failed test kills the instances before they can remove their shm_dirs
    }

    /** Every process whose command line names this test's temp dir: the instances and HAProxy. */
    private List<ProcessHandle> leftoverProcesses() {
        String marker = tmp.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    @Test
    void haproxyBalancesRequestsOverThreeInstancesAndTermStopsThemAll() throws Exception {
        assumeInstalled("haproxy");
        assumeInstalled("curl");
        int[] frontends = {FreePorts.one(), FreePorts.one()};
        int base = FreePorts.sixInARow();
        Path out = tmp.resolve("fleet.out");
        ProcessBuilder builder = new ProcessBuilder(DroverCluster.REPO.resolve("deploy/haproxy/fleet.sh").toString(),
                "--no-install", "--http-port", String.valueOf(frontends[0]), "--tcp-port", String.valueOf(frontends[1]),
                "--base-port", String.valueOf(base)).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", tmp.toString());
        fleet = builder.start();
        awaitOutput(out, "fleet: ready", Duration.ofSeconds(120));

        List<String> servedBy = servedBy(frontends[0], 6);
        // Round robin: each instance in turn, the same order twice.
        assertEquals(List.of("drover1", "drover2", "drover3"), servedBy.subList(0, 3).stream().sorted().toList(),
                servedBy.toString());
        assertEquals(servedBy.subList(0, 3), servedBy.subList(3, 6), servedBy.toString());

        // docs/SCALING.md's first deploy step: an instance set to drain gets no new request.
        Path adminSocket = Path.of(outputValue(out, "HAProxy's runtime API on "));
        assertEquals("", runtimeApi(adminSocket, "set server drover_http/drover2 state drain"));
        List<String> whileDraining = servedBy(frontends[0], 6);
        assertEquals(List.of("drover1", "drover1", "drover1", "drover3", "drover3", "drover3"),
                whileDraining.stream().sorted().toList(), whileDraining.toString());
        assertEquals("", runtimeApi(adminSocket, "set server drover_http/drover2 state ready"));
        assertTrue(servedBy(frontends[0], 3).contains("drover2"), "drover2 back in the rotation");

        for (int i = 0; i < 3; i++) {
            String reply = rawGet(frontends[1]);
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n") && reply.endsWith(HELLO), reply);
        }

        // PROXY v2: the app sees the client's own address (bound to 127.0.0.2), not HAProxy's
        assertTrue(rawGet(frontends[0], "127.0.0.2", "/ip").endsWith("\r\n\r\n127.0.0.2\n"), "through the HTTP frontend");
        assertTrue(rawGet(frontends[1], "127.0.0.2", "/ip").endsWith("\r\n\r\n127.0.0.2\n"), "through the TCP frontend");

        fleet.destroy(); // SIGTERM
        assertTrue(fleet.waitFor(Deadline.scaled(Duration.ofSeconds(90)).toMillis(), TimeUnit.MILLISECONDS),
                "fleet.sh did not stop: " + Files.readString(out));
        assertEquals(143, fleet.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains("fleet: stopped"), Files.readString(out));
        assertTrue(leftoverProcesses().isEmpty(), "fleet.sh left processes: " + leftoverProcesses());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("fleet.out"), left.map(p -> p.getFileName().toString()).toList());
        }
        Path fleetDir = Path.of(outputValue(out, "restart an instance with ")).getParent();
        for (int n = 1; n <= 3; n++) { // each instance's stop removed its shm_dir (made at its start)
            Path shmDir = ShmQueues.defaultShmDir(fleetDir.resolve("drover" + n));
            assertFalse(Files.exists(shmDir), "instance " + n + " left " + shmDir);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--app nowhere.jar          | fleet: app jar nowhere.jar is missing",
            "--http-port http           | fleet: --http-port 'http' is not a whole number in 1..65535",
            "--tcp-port 65536           | fleet: --tcp-port '65536' is not a whole number in 1..65535",
            "--base-port 65531          | fleet: --base-port '65531' is not a whole number in 1..65530",
            "--drain-delay x            | fleet: --drain-delay 'x' is not a whole number in 0..3600",
            "--workers 0                | fleet: --workers '0' is not a whole number in 1..1024",
            "--workers                  | fleet: --workers needs a value",
            "--frobnicate               | fleet: unknown option '--frobnicate'"})
    void aBadOptionIsRefusedBeforeAnythingStarts(String args, String message) throws Exception {
        Path out = tmp.resolve("fleet.out");
        List<String> command = new ArrayList<>(List.of(DroverCluster.REPO.resolve("deploy/haproxy/fleet.sh").toString(),
                "--no-install"));
        command.addAll(List.of(args.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(2, process.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains(message), Files.readString(out));
        assertTrue(leftoverProcesses().isEmpty(), "fleet.sh left processes: " + leftoverProcesses());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("fleet.out"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void withoutHaproxyAndNoInstallItSaysHowToGetIt() throws Exception {
        Path out = tmp.resolve("fleet.out");
        ProcessBuilder builder = new ProcessBuilder(DroverCluster.REPO.resolve("deploy/haproxy/fleet.sh").toString(),
                "--no-install").redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("PATH", "/usr/bin:/bin"); // Debian's haproxy is in /usr/sbin
        Assumptions.assumeFalse(Files.exists(Path.of("/usr/bin/haproxy")), "haproxy is in /usr/bin too");
        Process process = builder.start();
        assertTrue(process.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(3, process.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains("haproxy is not installed: run 'apt-get install haproxy'"),
                Files.readString(out));
    }

    /** The X-Served-By of {@code count} requests through HAProxy, each answered Hello, World!. */
    private static List<String> servedBy(int port, int count) throws Exception {
        List<String> servedBy = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals(HELLO, response.body());
                servedBy.add(response.headers().firstValue("X-Served-By").orElse("none"));
            }
        }
        return servedBy;
    }

    /** One command to HAProxy's runtime API; its answer, trimmed (empty when a set command succeeds). */
    private static String runtimeApi(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput();
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    /** What follows {@code prefix} on its line of the output, up to the next space. */
    private static String outputValue(Path out, String prefix) throws IOException {
        String text = Files.readString(out);
        int start = text.indexOf(prefix) + prefix.length();
        assertTrue(start >= prefix.length(), "no '" + prefix + "' in: " + text);
        return text.substring(start, text.indexOf(' ', start));
    }

    private void awaitOutput(Path out, String line, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(Deadline.scaled(timeout));
        while (!Files.readString(out).contains(line)) {
            if (!fleet.isAlive() || Instant.now().isAfter(deadline)) {
                fail("no '" + line + "' from fleet.sh (alive: " + fleet.isAlive() + "): " + Files.readString(out));
            }
            fleet.waitFor(100, TimeUnit.MILLISECONDS); // a poll interval that ends early if fleet.sh exits
        }
    }

    private static String rawGet(int port) throws IOException {
        return rawGet(port, "127.0.0.1", "/");
    }

    /** A GET sent from that local address, answered and closed. */
    private static String rawGet(int port, String from, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(java.net.InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream output = socket.getOutputStream();
            output.write(("GET " + path + " HTTP/1.1\r\nHost: fleet\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream input = socket.getInputStream();
            return new String(input.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
