package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import drover.it.apps.WebSocketTaskApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task worker pushes to WebSocket connections, counts them and closes one (docs/WEBSOCKET.md,
 * "From a task worker"): through a worker, as it has no reactor link. Two workers, so the
 * connections are spread over both and the task worker hears of each through its links.
 */
@Timeout(300)
class WebSocketTaskIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("task_worker_num=1");

    @TempDir
    Path temp;

    @Test
    void aTaskWorkerBroadcastsCountsAndDisconnects() throws Exception {
        cluster.start(TestAppJar.build(WebSocketTaskApp.class, temp));
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(WsClient.connect(cluster.port(), "/"));
            }
            WsClient asker = clients.getFirst();
            assertEquals("task-count:6:true", awaitTaskCount(asker, 6), "the task worker knows every connection");

            clients.get(3).socket.sendText("task:broadcast:from a task", true).join();
            for (WsClient client : clients) {
                assertEquals("from a task", client.nextText());
            }

            WsClient leaving = clients.get(5);
            leaving.socket.sendText("task:close", true).join();
            WsClient.Closed closed = leaving.awaitClose();
            assertEquals(4000, closed.code());
            assertEquals("closed by a task", closed.reason());
            assertEquals("task-count:5:true", awaitTaskCount(asker, 5), "and hears of the end");
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** Asks the task worker for its count until it is expected (its notices may trail the 101s a little). */
    private String awaitTaskCount(WsClient client, int expected) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        while (true) {
            client.socket.sendText("task:count", true).join();
            String answer = client.nextText();
            if (answer.startsWith("task-count:" + expected + ":") || System.nanoTime() > deadline) {
                return answer;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a poll interval: the count is what is awaited
        }
    }
}
