package drover.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that echo random packets, each checked byte for byte, until stopped: the load a reload
 * must not disturb. A lost, late or wrong reply makes {@link #stop()} throw.
 */
final class SteadyLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong echoed = new AtomicLong();
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();

    SteadyLoad(int port, int clientCount, int maxBody) {
        pool = Executors.newFixedThreadPool(clientCount);
        for (int c = 0; c < clientCount; c++) {
            long seed = c;
            clients.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (EchoClient client = new EchoClient(port)) {
                    while (running.get()) {
                        byte[] body = new byte[1 + random.nextInt(maxBody)];
                        random.nextBytes(body);
                        client.echo(body);
                        echoed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
    }

    long echoed() {
        return echoed.get();
    }

    /** Waits until this many more echoes came back than now; fails if a client died or time ran out. */
    void awaitMoreEchoes(long more) throws Exception {
        long target = echoed.get() + more;
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (echoed.get() < target) {
            for (Future<?> client : clients) {
                if (client.isDone()) {
                    client.get(); // rethrows the client's failure
                    throw new AssertionError("a load client stopped early");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + echoed.get() + " echoes, expected " + target);
            }
            Thread.onSpinWait();
        }
    }

    /** Stops the clients and rethrows the first failure any of them met; returns the echoes done. */
    long stop() throws Exception {
        running.set(false);
        try {
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return echoed.get();
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }
}
