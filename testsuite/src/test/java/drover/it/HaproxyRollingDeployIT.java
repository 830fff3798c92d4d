package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24's must-show, under wrk load through HAProxy (deploy/haproxy/fleet.sh, three instances):
 * every instance restarted in turn with a new app jar (drain, stop, start), then all reloaded onto
 * another, with no failed request and no socket error counted by wrk; then a kill -9 of one
 * instance's whole server, which costs at most the requests in flight on it (docs/SCALING.md's bound)
 * and is marked down by HAProxy's checks within inter + (fall - 1) x fastinter. Skipped without
 * haproxy or wrk.
 */
@Timeout(300)
class HaproxyRollingDeployIT {
    /** wrk's connections: each has at most one request in flight (no pipelining). */
    private static final int CONNECTIONS = 20;
    /** haproxy.cfg's checks: inter 1s, then fastinter 500ms once one failed, down after fall 2. */
    private static final Duration DETECTION = Duration.ofMillis(1000 + (2 - 1) * 500);
    /** Polling the stats socket and a loaded machine's scheduling, on top of DETECTION. */
    private static final Duration DETECTION_SLACK = Duration.ofMillis(700);

    private static final String APP = """
            package rolling;

            import drover.worker.api.http.HttpApp;
            import drover.worker.api.http.Request;
            import drover.worker.api.http.Response;

            /** Answers every request with its version, in a header and the body. */
            public final class VersionApp implements HttpApp {
                @Override
                public void onRequest(Request request, Response response) {
                    response.header("Content-Type", "text/plain").header("X-App-Version", "VERSION").end("VERSION\\n");
                }
            }
            """;

    @TempDir
    Path tmp;
    private HaproxyFleet fleet;
    private final long started = System.nanoTime();

    @AfterEach
    void stopEverything() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void restartsAndReloadsUnderLoadLoseNothingAndAKillCostsAtMostTheRequestsInFlight() throws Exception {
        assumeInstalled("haproxy");
        assumeInstalled("wrk");
        fleet = HaproxyFleet.start(tmp, "--app", appJar("v1").toString());
        phase("fleet ready");
        for (int n = 1; n <= 3; n++) {
            assertEquals("v1", versionOf(n));
        }

        // Restart each instance in turn onto the deployed jar, v2 (drain, stop, start), then put v3
        // in its place and reload them all.
        Path deployed = tmp.resolve("deployed.jar");
        Files.copy(appJar("v2"), deployed);
        Path v3 = appJar("v3");
        try (Wrk wrk = Wrk.start(tmp.resolve("wrk-deploy.out"), fleet.httpPort, CONNECTIONS, Duration.ofSeconds(240))) {
            awaitRequestsThroughHaproxy(500);
            for (int n = 1; n <= 3; n++) {
                fleet.runScript("restart.sh", String.valueOf(n), deployed.toString());
                assertEquals("v2", versionOf(n));
                fleet.awaitStatus("drover_http", "drover" + n, "UP"::equals, Duration.ofSeconds(30));
                phase("drover" + n + " restarted and up");
            }
            Files.copy(v3, tmp.resolve("deployed.jar.new"));
            Files.move(tmp.resolve("deployed.jar.new"), deployed, StandardCopyOption.ATOMIC_MOVE);
            for (int n = 1; n <= 3; n++) {
                reload(n);
                assertEquals("v3", versionOf(n));
            }
            phase("reloaded");
            awaitRequestsThroughHaproxy(500);
            Wrk.Result result = wrk.stop();
            System.out.println("rolling deploy under wrk: " + result.requests() + " requests, "
                    + result.requestsPerSec() + "/s, " + result.failures() + " failed");
            assertEquals(0, result.non2xx3xx(), "failed requests during the deploy: " + result.output());
            assertEquals(0, result.socketErrors(), "socket errors during the deploy: " + result.output());
            assertTrue(result.requests() > 1000, result.output());
        }

        // kill -9 of instance 1's whole server (manager, reactor, workers).
        try (Wrk wrk = Wrk.start(tmp.resolve("wrk-kill.out"), fleet.httpPort, CONNECTIONS, Duration.ofSeconds(120))) {
            awaitRequestsThroughHaproxy(500);
            phase("killing drover1");
            ProcessHandle manager = ProcessHandle.of(fleet.managerPid(1)).orElseThrow();
            List<ProcessHandle> server = Stream.concat(Stream.of(manager), manager.descendants()).toList();
            server.forEach(ProcessHandle::destroyForcibly);
            Duration down = fleet.awaitStatus("drover_http", "drover1", s -> s.startsWith("DOWN"), Duration.ofSeconds(30));
            awaitRequestsThroughHaproxy(500); // the others carry the load
            Wrk.Result result = wrk.stop();
            System.out.println("kill -9 under wrk: marked down after " + down.toMillis() + " ms; " + result.requests()
                    + " requests, " + result.requestsPerSec() + "/s, " + result.non2xx3xx() + " non-2xx, "
                    + result.socketErrors() + " socket errors");
            assertTrue(down.compareTo(Deadline.scaled(DETECTION.plus(DETECTION_SLACK))) <= 0,
                    "HAProxy marked drover1 down after " + down.toMillis() + " ms");
            // each in flight on drover1 fails: a 502, or its client connection closed (a socket error)
            assertTrue(result.failures() <= CONNECTIONS, "a kill -9 cost more than the requests in flight: "
                    + result.output());
        }

        // Back up (the start sweeps what the killed server left), then fleet.sh's SIGTERM stops all.
        phase("killed");
        fleet.runScript("start1.sh", deployed.toString());
        fleet.awaitStatus("drover_http", "drover1", "UP"::equals, Duration.ofSeconds(30));
        phase("drover1 back");
        fleet.process().destroy();
        assertTrue(fleet.process().waitFor(Deadline.scaled(Duration.ofSeconds(90)).toMillis(), TimeUnit.MILLISECONDS),
                "fleet.sh did not stop: " + fleet.output());
        assertEquals(143, fleet.process().exitValue(), fleet.output());
        assertTrue(fleet.leftoverProcesses().isEmpty(), "fleet.sh left processes: " + fleet.leftoverProcesses());
        phase("fleet stopped");
    }

    private void phase(String what) {
        System.out.printf("%6.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private Path appJar(String version) throws Exception {
        return CompiledAppJar.build(tmp, "app-" + version, Map.of("rolling/VersionApp.java", APP.replace("VERSION", version)),
                Map.of("META-INF/services/drover.worker.api.http.HttpApp", "rolling.VersionApp\n"), null);
    }

    /** scripts/reload.sh --wait on instance n: its workers are replaced by ones running the jar now on disk. */
    private void reload(int n) throws Exception {
        Path log = tmp.resolve("reload.out");
        ProcessBuilder builder = new ProcessBuilder(DroverCluster.REPO.resolve("scripts/reload.sh").toString(), "--wait",
                "--run-dir", fleet.workDir().resolve("drover" + n).toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(Deadline.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS),
                "reload.sh did not finish");
        assertEquals(0, process.exitValue(), Files.readString(log));
        Files.delete(log);
    }

    /** Waits until HAProxy's HTTP frontend has taken that many more requests (the load flows). */
    private void awaitRequestsThroughHaproxy(long count) throws Exception {
        long target = Long.parseLong(fleet.stat("http_in", "FRONTEND", "req_tot")) + count;
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        long seen;
        while ((seen = Long.parseLong(fleet.stat("http_in", "FRONTEND", "req_tot"))) < target) {
            assertTrue(System.nanoTime() - deadline < 0, "HAProxy took " + seen + " requests, not " + target);
            fleet.process().waitFor(20, TimeUnit.MILLISECONDS); // a poll interval that ends early if fleet.sh exits
        }
    }

    /**
     * The version instance n answers, asked directly: its listener is /proxy and trusts 127.0.0.1, so
     * the request starts with a PROXY v1 header as HAProxy's would.
     */
    private String versionOf(int n) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", fleet.basePort + n - 1), 5000);
            socket.setSoTimeout(30_000);
            OutputStream output = socket.getOutputStream();
            output.write(("PROXY TCP4 127.0.0.9 127.0.0.1 40000 80\r\nGET / HTTP/1.1\r\nHost: fleet\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
            return reply.substring(reply.indexOf("\r\n\r\n") + 4).trim();
        }
    }

    private static void assumeInstalled(String tool) throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0,
                tool + " is not installed (apt-get install " + tool + "): skipped");
    }
}
