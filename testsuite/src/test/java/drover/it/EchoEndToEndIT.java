package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class EchoEndToEndIT {
    private static final int CLIENTS = 50;
    private static final int PACKETS = 100;
    private static final int MAX_BODY = 64 * 1024;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void fiftyClientsGetEveryPacketBackByteForByte() throws Exception {
        Status status = cluster.start();
        assertEquals(2, status.workerCount());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long seed = c;
                clients.add(pool.submit(() -> runClient(seed)));
            }
            int echoed = 0;
            for (Future<Integer> client : clients) {
                echoed += client.get();
            }
            assertEquals(CLIENTS * PACKETS, echoed);
        } finally {
            pool.shutdownNow();
        }
        // the reactor's counters reach status (asked for once a second)
        Status after = cluster.awaitStatus(s -> s.reactorCounter("closed") == CLIENTS, "every connection counted closed");
        assertEquals(CLIENTS, after.reactorCounter("accepted"));
        assertEquals(0, after.reactorCounter("active"));
        assertEquals(CLIENTS * PACKETS, after.reactorCounter("packets"));
        assertEquals(after.reactorCounter("bytes_in"), after.reactorCounter("bytes_out"), "an echo sends back what came in");
    }

    /** Sizes from 1 B to 64 KiB (both ends included), random bytes, each echo compared whole. */
    private int runClient(long seed) throws Exception {
        Random random = new Random(seed);
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int i = 0; i < PACKETS; i++) {
                int size = i == 0 ? 1 : i == 1 ? MAX_BODY : 1 + random.nextInt(MAX_BODY);
                byte[] body = new byte[size];
                random.nextBytes(body);
                client.echo(body);
            }
        }
        return PACKETS;
    }

    @Test
    void manyPacketsInOneWriteComeBackInOrder() throws Exception {
        cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                byte[] packet = EchoClient.packet(("packet " + i).getBytes());
                sent.add(packet);
                burst.write(packet);
            }
            client.sendRaw(burst.toByteArray());
            for (byte[] expected : sent) {
                assertTrue(java.util.Arrays.equals(expected, client.readPacket()), "packets out of order or changed");
            }
        }
    }
}
