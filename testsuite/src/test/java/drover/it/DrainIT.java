package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import drover.it.apps.DrainProbeApp;
import drover.it.apps.SlowReplyApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop with drain_delay: /readyz answers 503 at once while the server still accepts and serves,
 * kept-alive connections included; then the idle keep-alive connection is closed by the server and
 * the stop ends. The drain command (stop.sh --drain) does the first part alone. A raw TCP app's
 * onDrain ends its sessions its own way.
 */
@Timeout(300)
class DrainIT {
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(3);

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    private final AdminEndpoint admin;
    @TempDir
    Path temp;

    DrainIT() throws Exception {
        admin = new AdminEndpoint();
    }

    private AdminEndpoint.Answer awaitAnswer(String path, Predicate<AdminEndpoint.Answer> condition) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        AdminEndpoint.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = admin.tryGet(path);
            if (last != null && condition.test(last)) {
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a poll interval: the condition is what is awaited
        }
        fail("timed out waiting on " + path + "; last answer " + last);
        return null;
    }

    private static void assertServedKeepingAlive(RawHttpClient client) throws Exception {
        HttpReply reply = client.send(GET).read();
        assertEquals(200, reply.status());
        assertNull(reply.field("Connection"), "kept alive: " + reply.fields());
    }

    @Test
    void aStopDrainsForDrainDelayStillServingThenClosesTheIdleKeepAliveConnection() throws Exception {
        cluster.set(admin.setting()).set("drain_delay=" + DRAIN_DELAY.toSeconds()).start(DroverCluster.HTTP_HELLO_JAR);
        assertEquals(200, admin.get("/readyz").status());
        try (RawHttpClient kept = new RawHttpClient(cluster.port(), Duration.ofSeconds(60))) {
            assertServedKeepingAlive(kept);
            long asked = System.nanoTime();
            cluster.signal(cluster.managerPid(), "TERM");
            AdminEndpoint.Answer draining = awaitAnswer("/readyz", a -> a.status() == 503);
            assertTrue(draining.body().contains("draining"), draining.body());
            assertServedKeepingAlive(kept);
            try (RawHttpClient fresh = new RawHttpClient(cluster.port())) {
                assertServedKeepingAlive(fresh); // a new connection is still accepted while it drains
            }
            assertTrue(System.nanoTime() - asked < DRAIN_DELAY.toNanos(), "checked within drain_delay: too slow a machine");
            assertTrue(kept.closedByServer(), "the idle keep-alive connection is closed once the stop goes on");
            assertTrue(System.nanoTime() - asked >= DRAIN_DELAY.toNanos(), "not before drain_delay");
        }
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (cluster.managerAlive()) {
            assertTrue(System.nanoTime() < deadline, "the manager did not exit");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a poll interval: the exit is what is awaited
        }
    }

    @Test
    void aStopAsksARawTcpAppToEndItsSessionsAndItsGoodbyeArrives() throws Exception {
        cluster.set("max_wait_time=10").start(TestAppJar.build(DrainProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("before the stop".getBytes(StandardCharsets.US_ASCII));
            cluster.signal(cluster.managerPid(), "TERM");
            byte[] last = client.readPacket();
            assertEquals("bye", new String(last, 4, last.length - 4, StandardCharsets.US_ASCII), "onDrain's last packet");
            assertTrue(client.closedByServer(), "then the app's close");
        }
    }

    /**
     * Without an onDrain nothing would end the raw TCP sessions, and the stop used to wait out its
     * reading window (half of max_wait_time: 10 s here) before closing them.
     */
    @Test
    void aStopClosesTheIdleSessionsOfAnAppWithoutOnDrainAtOnceAndFinishesTheRequestUnderWay() throws Exception {
        cluster.set("max_wait_time=20").set("worker_mode=virtual").start(TestAppJar.build(SlowReplyApp.class, temp));
        try (EchoClient idle = new EchoClient(cluster.port()); EchoClient busy = new EchoClient(cluster.port())) {
            idle.echo("before the stop".getBytes(StandardCharsets.US_ASCII));
            assertEquals("started", busy.request("slow"));
            long asked = System.nanoTime();
            cluster.signal(cluster.managerPid(), "TERM");
            assertTrue(idle.closedByServer(), "the idle session is closed");
            long idleClosed = System.nanoTime() - asked;
            assertEquals("done", busy.readText(), "the request under way is answered");
            assertTrue(busy.closedByServer(), "then its session is closed");
            long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
            while (cluster.managerAlive()) {
                assertTrue(System.nanoTime() < deadline, "the manager did not exit");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a poll interval: the exit is what is awaited
            }
            long stopped = System.nanoTime() - asked;
            assertTrue(idleClosed < TimeUnit.SECONDS.toNanos(5), "idle session closed after " + idleClosed / 1_000_000 + " ms");
            assertTrue(stopped < TimeUnit.SECONDS.toNanos(8), "stopped after " + stopped / 1_000_000 + " ms, not at once");
        }
    }

    @Test
    void theDrainCommandOnlyDrains() throws Exception {
        cluster.set(admin.setting()).start(DroverCluster.HTTP_HELLO_JAR);
        CommandResult drained = cluster.script("stop.sh",
                List.of("--drain", "--run-dir", cluster.runDir().toString()), Duration.ofSeconds(60));
        assertEquals(0, drained.exitCode(), drained.output());
        assertTrue(drained.output().contains("draining"), drained.output());
        AdminEndpoint.Answer ready = admin.get("/readyz");
        assertEquals(503, ready.status());
        assertTrue(ready.body().contains("draining"), ready.body());
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            assertServedKeepingAlive(client);
        }
        assertEquals("draining", cluster.status().managerState());
    }
}
