package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * server_mode=base: no reactor process; each worker binds the port itself (SO_REUSEPORT) and serves
 * its own connections; the manager still respawns and reloads the workers.
 */
@Timeout(300)
class BaseModeIT {
    private static final int CLIENTS = 40;
    private static final int HTTP_CLIENTS = 4;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("server_mode=base").set("max_wait_time=5");

    @Test
    void echoIsServedByTwoWorkersWithoutAReactorProcess() throws Exception {
        Status status = cluster.start();
        assertEquals("base", status.json().get("server_mode"));
        assertEquals(0, status.reactorCount(), "no reactor in status");
        assertEquals(2, status.workerCount());
        assertEquals(3, cluster.serverJvms().size(), "the manager and two workers, nothing else: " + commandLines());
        assertFalse(commandLines().contains("drover.reactor.ReactorMain"), "no reactor JVM: " + commandLines());
        echoWithManyClients();
        Status after = cluster.awaitStatus(s -> s.totalOf("requests") >= CLIENTS * 3L, "every echo counted");
        // the kernel spread the connections over both workers' listeners (all 40 on one: odds 2^-39)
        assertNotEquals(0, after.workerNumber(0, "requests"));
        assertNotEquals(0, after.workerNumber(1, "requests"));
        stopLeavesNothing();
    }

    @Test
    void aKilledWorkerIsRespawnedAndServes() throws Exception {
        Status before = cluster.start();
        long killed = before.workerPid(0);
        cluster.signal(killed, "KILL");
        cluster.awaitProcessGone(killed);
        Status after = cluster.awaitStatus(s -> s.isReady(0) && s.workerPid(0) != killed, "worker#0 respawned");
        assertEquals(before.workerPid(1), after.workerPid(1));
        echoWithManyClients();
    }

    @Test
    void httpIsServedAndAReloadUnderKeepAliveLoadFailsNoRequest() throws Exception {
        Status before = cluster.start(DroverCluster.HTTP_HELLO_JAR);
        assertEquals(0, before.reactorCount());
        URI hello = URI.create("http://127.0.0.1:" + cluster.port() + "/");
        URI echo = URI.create("http://127.0.0.1:" + cluster.port() + "/echo");
        Duration timeout = Deadline.scaled(Duration.ofSeconds(30));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(hello).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("Hello, World!", answer.body());
            HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(echo).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString("base mode")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("base mode", echoed.body());

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong served = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> loops = new ArrayList<>();
            for (int i = 0; i < HTTP_CLIENTS; i++) { // keep-alive clients; the JDK client reconnects when one closes
                loops.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(hello).timeout(timeout).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().equals("Hello, World!")) {
                                served.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            try {
                awaitServed(served, 200);
                CommandResult reload = cluster.script("reload.sh", List.of("--wait", "--run-dir", cluster.runDir().toString()),
                        Duration.ofSeconds(120));
                assertEquals(0, reload.exitCode(), "reload failed: " + reload.output() + "\nlog:\n" + cluster.log());
                Status after = cluster.status();
                assertNotEquals(before.workerPid(0), after.workerPid(0), "worker#0 replaced");
                assertNotEquals(before.workerPid(1), after.workerPid(1), "worker#1 replaced");
                awaitServed(served, served.get() + 200); // the new workers serve the same clients
            } finally {
                running.set(false);
                for (Thread loop : loops) {
                    loop.join();
                }
            }
            assertEquals(List.of(), List.copyOf(failures), "requests failed across the reload");
        }
        stopLeavesNothing();
    }

    @Test
    void aSettingBaseModeCannotServeRefusesTheStart() throws Exception {
        cluster.set("task_worker_num=1");
        CommandResult result = cluster.tryStart(DroverCluster.ECHO_JAR);
        assertNotEquals(0, result.exitCode(), "start should fail:\n" + result.output());
        assertTrue(result.output().contains("server_mode is base") && result.output().contains("task_worker_num is 1"),
                "expected the unsupported combination named in:\n" + result.output());
        assertEquals(List.of(), cluster.ownProcesses(), "nothing left running");
    }

    private void echoWithManyClients() throws Exception {
        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new EchoClient(cluster.port()));
            }
            for (int round = 0; round < 3; round++) {
                for (EchoClient client : clients) {
                    client.echo(("round " + round).getBytes());
                }
            }
        } finally {
            for (EchoClient client : clients) {
                client.close();
            }
        }
    }

    private static void awaitServed(AtomicLong served, long count) {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (served.get() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + served.get() + " of " + count + " requests served");
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a poll interval; the count is awaited
        }
    }

    private void stopLeavesNothing() throws Exception {
        cluster.stop();
        cluster.awaitNoProcesses(Duration.ofSeconds(30));
        assertEquals(List.of(), cluster.leftovers(), "files left in the run dir");
        try (var sockets = Files.list(cluster.runDir())) {
            assertEquals(List.of(), sockets.filter(p -> p.toString().endsWith(".sock")).toList());
        }
    }

    private String commandLines() {
        return cluster.serverJvms().stream().map(p -> p.info().commandLine().orElse("?")).toList().toString();
    }
}
