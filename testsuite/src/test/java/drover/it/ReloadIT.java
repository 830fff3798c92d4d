package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class ReloadIT {
    private static final int CLIENTS = 10;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void usr1ReloadsEveryWorkerUnderLoadWithoutAFailedReply() throws Exception {
        Status before = cluster.start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong echoed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                long seed = c;
                clients.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    try (EchoClient client = new EchoClient(cluster.port())) {
                        while (running.get()) {
                            byte[] body = new byte[1 + random.nextInt(4096)];
                            random.nextBytes(body);
                            client.echo(body); // throws on a lost, late or wrong reply
                            echoed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            long beforeReload = awaitEchoes(echoed, 200);
            cluster.signal(before.managerPid(), "USR1");
            Status after = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload finished");
            assertEquals("ok", after.reloadResult());
            for (int i = 0; i < 2; i++) {
                assertNotEquals(before.workerPid(i), after.workerPid(i), "worker#" + i + " was replaced");
            }
            awaitEchoes(echoed, echoed.get() + 200); // and the new workers serve
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
            assertNotEquals(beforeReload, echoed.get());
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    private static long awaitEchoes(AtomicLong echoed, long atLeast) throws InterruptedException {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (echoed.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + echoed.get() + " echoes, expected " + atLeast);
            }
            Thread.onSpinWait();
        }
        return echoed.get();
    }
}
