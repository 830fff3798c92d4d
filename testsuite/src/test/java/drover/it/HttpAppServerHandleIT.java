package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.HttpLifecycleApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HttpApp has DroverApp's lifecycle and server handle: onWorkerStart, the handle on each request,
 * tasks to a task worker and their results, timers, pipe messages, onWorkerExit and onWorkerStop.
 */
@Timeout(300)
class HttpAppServerHandleIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("task_worker_num=1");

    @TempDir
    Path temp;

    @Test
    void anHttpAppGetsTheLifecycleAndOffloadsToATaskWorker() throws Exception {
        cluster.start(TestAppJar.build(HttpLifecycleApp.class, temp));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout()).build()) {
            String start = get(client, "/start");
            assertTrue(start.matches("worker ([01]) of 2, id \\1, same handle true"), start);
            String worker = start.substring("worker ".length(), start.indexOf(' ', "worker ".length()));
            // task_worker_num 1 after worker_num 2: the task worker's id is 2
            assertEquals("task worker 2 (true) for worker " + worker + ": HELLO", get(client, "/task?data=hello"));
            assertEquals("finished: task worker 2 (true) for worker " + worker + ": ABC", get(client, "/finish?data=abc"));
            assertEquals("timer fired", get(client, "/timer"));
            assertEquals("pipe message from worker " + worker, get(client, "/pipe"));
        }
        cluster.stop();
        String log = cluster.awaitLog("HttpLifecycleApp onWorkerStop of worker 1");
        for (int w = 0; w < 2; w++) {
            assertTrue(log.contains("HttpLifecycleApp onWorkerExit of worker " + w), log);
            assertTrue(log.contains("HttpLifecycleApp onWorkerStop of worker " + w), log);
        }
    }

    private String get(HttpClient client, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.port() + path)).timeout(timeout()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static Duration timeout() {
        return Deadline.scaled(Duration.ofSeconds(30));
    }
}
