package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request in flight on a worker that dies is answered at once (docs/OPERATIONS.md, "When a worker
 * dies"): HTTP with 502 and Connection: close, other protocols with a close. The faulty app holds
 * the request: its worker spins on it until the test kills every worker with SIGKILL.
 */
@Timeout(240)
class WorkerExitIT {
    /** "Within a few seconds": the reactor sees the link close at once; this leaves room for a loaded CI. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    /** Waits until the reactor has handed on packets more than it had, so they are in flight. */
    private void awaitDispatched(long before, int more) throws Exception {
        cluster.awaitStatus(s -> s.reactorCounter("packets") >= before + more, more + " packet(s) dispatched");
    }

    private void killEveryWorker(Status status) throws Exception {
        for (int slot = 0; slot < status.workerCount(); slot++) {
            cluster.signal(status.workerPid(slot), "KILL");
        }
    }

    @Test
    void httpRequestsInFlightWhenEveryWorkerIsKilledGet502AndClose() throws Exception {
        Status before = cluster.set("open_http_protocol=true").set("open_length_check=false")
                .start(DroverCluster.FAULTY_JAR);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpRequest hang = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port() + "/hang")).build();
            long packets = before.reactorCounter("packets");
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // two at once: two connections, on whichever workers
                answers.add(client.sendAsync(hang, HttpResponse.BodyHandlers.ofString()));
            }
            awaitDispatched(packets, 2);
            killEveryWorker(before);
            long deadline = System.nanoTime() + Deadline.scaled(ANSWER_WITHIN).toNanos();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertEquals(502, response.statusCode(), response.body());
                assertEquals("502 Bad Gateway\n", response.body());
                assertEquals("close", response.headers().firstValue("Connection").orElse(""));
            }
            cluster.awaitStatus(Status::allReady, "the workers respawned");
            HttpRequest pid = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port() + "/pid")).build();
            assertEquals(200, client.send(pid, HttpResponse.BodyHandlers.ofString()).statusCode(), "served again");
        } finally {
            client.shutdownNow(); // close() would wait for requests that may never be answered
        }
        // the manager asks the reactor for its counters once a second
        cluster.awaitStatus(s -> s.reactorCounter("worker_exit_answers") >= 2, "the 502s counted");
    }

    @Test
    void anEchoPacketInFlightWhenEveryWorkerIsKilledGetsItsConnectionClosed() throws Exception {
        Status before = cluster.start(DroverCluster.FAULTY_JAR);
        try (PythonClient client = new PythonClient(cluster.home(), "echo-wait", Integer.toString(cluster.port()),
                "hang", "20")) {
            assertEquals("SENT", client.nextLine());
            awaitDispatched(before.reactorCounter("packets"), 1);
            long killedAt = System.nanoTime();
            killEveryWorker(before);
            assertEquals("CLOSED", client.nextLine(), "the client sees the close, not a 20 s silence");
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertTrue(took.compareTo(Deadline.scaled(ANSWER_WITHIN)) < 0, "closed after " + took);
            assertEquals(0, client.finish(Duration.ofSeconds(30)).exitCode());
        }
    }

    @Test
    void withCloseOnWorkerExitOffTheConnectionStaysOpenForTheRespawnedWorker() throws Exception {
        Status before = cluster.set("close_on_worker_exit=false").start(DroverCluster.FAULTY_JAR);
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(EchoClient.packet("hang".getBytes(StandardCharsets.US_ASCII)));
            awaitDispatched(before.reactorCounter("packets"), 1);
            killEveryWorker(before);
            cluster.awaitStatus(s -> s.allReady() && s.workerPid(0) != before.workerPid(0)
                    && s.workerPid(1) != before.workerPid(1), "both workers respawned");
            client.echo("the same connection, served again".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
