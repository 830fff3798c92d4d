package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class WorkerRespawnIT {
    private static final int CLIENTS = 40;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void killedWorkerIsRespawnedInItsSlotAndEveryConnectionKeepsWorking() throws Exception {
        Status before = cluster.start();
        long victim = before.workerPid(0);
        long survivor = before.workerPid(1);
        List<EchoClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                EchoClient client = new EchoClient(cluster.port());
                clients.add(client);
                client.echo(("before " + i).getBytes(StandardCharsets.UTF_8));
            }

            cluster.signal(victim, "KILL");
            ProcessHandle.of(victim).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            // Packets sent while worker#0 is down wait in the reactor for its successor. (Packets already
            // written to a worker's socket when it dies die with it: docs/OPERATIONS.md.)
            List<Future<?>> during = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                EchoClient client = clients.get(i);
                byte[] body = ("during " + i).getBytes(StandardCharsets.UTF_8);
                during.add(pool.submit(() -> {
                    client.echo(body);
                    return null;
                }));
            }
            Status after = cluster.awaitStatus(s -> s.workerPid(0) != victim && s.isReady(0), "worker#0 respawned");
            for (Future<?> f : during) {
                f.get();
            }

            assertNotEquals(victim, after.workerPid(0));
            assertEquals(survivor, after.workerPid(1), "the other worker must be untouched");
            assertEquals(2, after.workerCount());
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).echo(("after " + i).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            pool.shutdownNow();
            for (EchoClient c : clients) {
                c.close();
            }
        }
    }
}
