package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import drover.it.apps.MetricsProbeApp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * admin_listen: /metrics under traffic (valid for promtool, app counters summed across two workers and
 * never going backwards across a reload), and /readyz turning 503 while a stop drains.
 */
@Timeout(300)
class AdminListenerIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    private final AdminEndpoint admin;

    AdminListenerIT() throws IOException {
        admin = new AdminEndpoint();
    }

    @Test
    void metricsSumAppCountersAcrossWorkersAndKeepThemAcrossAReload() throws Exception {
        cluster.set(admin.setting()).set("dispatch_mode=1").set("task_worker_num=1")
                .start(TestAppJar.build(MetricsProbeApp.class, temp));
        send(20);
        String page = awaitPage(p -> AdminEndpoint.sample(p, "probe_packets_total{kind=\"echo\"}") == 20,
                "the app counter summed to 20");
        for (int slot = 0; slot < 2; slot++) { // round robin: both workers counted some of the 20
            assertTrue(requestsOf(page, slot) > 0, "worker#" + slot + " served some packets:\n" + page);
        }
        assertEquals(20, AdminEndpoint.sample(page, "probe_packet_bytes_count"), page);
        assertTrue(page.contains("# TYPE drover_requests_total counter"), page);
        assertTrue(page.contains("drover_reactor_accepted_total{role=\"reactor\",slot=\"0\""), page);
        assertTrue(page.contains("drover_jvm_heap_used_bytes{role=\"worker\",slot=\"1\""), page);
        assertTrue(page.contains("probe_last_packet_bytes{role=\"worker\",slot=\"0\""), page);
        assertTrue(page.contains("drover_task_queue_depth{role=\"task_worker\",slot=\"0\""), page);
        Promtool.check(page, temp);

        AdminEndpoint.Answer open = admin.get("/metrics", "application/openmetrics-text; version=1.0.0");
        assertTrue(open.contentType().startsWith("application/openmetrics-text"), open.contentType());
        assertTrue(open.body().endsWith("# EOF\n") && open.body().contains("# TYPE probe_packets counter"), open.body());

        CommandResult reload = cluster.script("reload.sh", List.of("--wait", "--run-dir", cluster.runDir().toString()),
                Duration.ofSeconds(120));
        assertEquals(0, reload.exitCode(), reload.output());
        String reloaded = scrape();
        assertEquals(20, AdminEndpoint.sample(reloaded, "probe_packets_total{kind=\"echo\"}"), "not backwards:\n" + reloaded);
        assertEquals(1, AdminEndpoint.sample(reloaded, "drover_reloads_total"), reloaded);
        send(10);
        awaitPage(p -> AdminEndpoint.sample(p, "probe_packets_total{kind=\"echo\"}") == 30, "the counter went on to 30");
    }

    @Test
    void readyzIsOkWhenReadyAnd503WhileAStopDrains() throws Exception {
        // virtual: the worker's loop keeps beating (and reporting the app's counter) while the packet sleeps
        cluster.set(admin.setting()).set("max_wait_time=20").set("worker_mode=virtual")
                .start(TestAppJar.build(MetricsProbeApp.class, temp));
        AdminEndpoint.Answer ready = admin.get("/readyz");
        assertEquals(200, ready.status(), ready.body());
        assertEquals(200, admin.get("/healthz").status());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(EchoClient.packet("sleep 4000".getBytes()));
            awaitPage(p -> AdminEndpoint.sample(p, "probe_packets_total{kind=\"sleep\"}") == 1, "the worker holds the packet");
            cluster.signal(cluster.managerPid(), "TERM");
            AdminEndpoint.Answer draining = awaitAnswer("/readyz", a -> a.status() == 503);
            assertTrue(draining.body().contains("stopping"), draining.body());
            assertEquals(200, admin.get("/healthz").status(), "the loop still turns while it drains");
            assertEquals("sleep 4000", new String(client.readPacket(), 4, 10), "the held packet is still answered");
        }
    }

    @Test
    void readyzIs503WhileAFailedBootStops() throws Exception {
        Path app = TestAppJar.build(MetricsProbeApp.class, temp);
        cluster.set(admin.setting()).env("PROBE_FAIL_START", "1");
        CompletableFuture<CommandResult> start = CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.tryStart(app);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> answers = new ArrayList<>();
        while (!start.isDone()) { // every answer the listener gives, from its start to the manager's exit
            AdminEndpoint.Answer answer = admin.tryGet("/readyz");
            if (answer != null) {
                answers.add(answer.status() + " " + answer.body().trim());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a poll interval, until the start ends
        }
        CommandResult result = start.join();
        assertTrue(result.exitCode() != 0, "the start fails: " + result.output());
        assertTrue(!answers.isEmpty(), "the admin listener answered while the server booted; log:\n" + cluster.log());
        assertTrue(answers.stream().allMatch(a -> a.startsWith("503 ")), "never ready: " + answers);
        assertTrue(answers.stream().anyMatch(a -> a.contains("failed to start")), "says the start failed: " + answers);
    }

    private void send(int packets) throws IOException {
        for (int i = 0; i < packets; i++) {
            try (EchoClient client = new EchoClient(cluster.port())) {
                client.echo(("packet " + i).getBytes());
            }
        }
    }

    private static double requestsOf(String page, int slot) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^drover_requests_total\\{role=\"worker\",slot=\"" + slot + "\",pid=\"\\d+\"} (\\S+)$",
                java.util.regex.Pattern.MULTILINE).matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private String scrape() throws Exception {
        AdminEndpoint.Answer answer = admin.get("/metrics");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("text/plain; version=0.0.4"), answer.contentType());
        return answer.body();
    }

    private String awaitPage(Predicate<String> condition, String what) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        String page = null;
        while (System.nanoTime() < deadline) {
            page = scrape();
            if (condition.test(page)) {
                return page;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a poll interval: the condition is what is awaited
        }
        fail("timed out waiting for " + what + "; last page:\n" + page);
        return null;
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
}
