package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Packets and replies far above large_payload_threshold cross the reactor-worker links in chunks
 * (issue 6): byte for byte, without holding up other sessions, and a worker killed in the middle
 * of one costs only that packet.
 */
@Timeout(300)
class LargePayloadIT {
    private static final int MIB = 1 << 20;
    private static final int BIG = 64 * MIB;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1)
            .set("large_payload=stream") // the chunks on the link itself (shm, the default, has its own IT)
            .set("reactor_num=1") // one link, so the big and the small packets share it
            .set("package_max_length=80M")
            .set("buffer_output_size=80M");

    @Test
    void oneSixteenAndSixtyFourMebibyteEchoesComeBackByteForByte() throws Exception {
        cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB}) {
                client.echo(EchoClient.randomBody(size, size));
            }
        }
        // the 1 MiB echo went through the reactor thread's pool; the larger ones, above its largest
        // class, through heap buffers it does not keep. The reactor's counters reach status once a
        // second, so wait for them (a status read at once may still hold the counts from before)
        Status status = cluster.awaitStatus(s -> s.reactorCounter("pool_heap_buffers") >= 2,
                "the reactor's pool counters after the echoes");
        long pooled = status.reactorCounter("pool_direct_bytes");
        assertTrue(pooled > 0 && pooled <= 32 * MIB, "pool_direct_bytes " + pooled);

        // the 64 MiB echo grew the reactor's heap past HeapTrim's floor; once it has not grown for
        // 10 s, one collection gives it back, and the reactor logs how much
        Pattern trimmed = Pattern.compile("reactor#0 pid=\\d+ heap trimmed after a burst: (\\d+) MiB committed, now (\\d+) MiB");
        Matcher m = trimmed.matcher(cluster.awaitLog(log -> trimmed.matcher(log).find(), "the reactor trimming its heap"));
        assertTrue(m.find());
        long before = Long.parseLong(m.group(1));
        long after = Long.parseLong(m.group(2));
        assertTrue(before > 64 && after < before / 2, "heap before and after the trim: " + before + " MiB, " + after + " MiB");
    }

    /**
     * Between the moment the big client has written its whole packet and the moment the first byte of
     * its echo comes back, the packet crosses the link to the worker and the echo crosses back. With
     * one frame per packet, a small packet dispatched in that time queues behind the big frame, and its
     * answer behind the big answer, so hardly any small echo completes in that window; with chunks,
     * the small ones keep flowing.
     */
    @Test
    void smallPacketsAreServedWhileABigOneCrossesTheLink() throws Exception {
        cluster.start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean window = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger servedInWindow = new AtomicInteger();
        int fewest = Integer.MAX_VALUE;
        try (EchoClient big = new EchoClient(cluster.port()); EchoClient small = new EchoClient(cluster.port())) {
            small.echo("warm".getBytes());
            Future<Integer> smalls = pool.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    small.echo(("small " + n++).getBytes());
                    if (window.get()) {
                        servedInWindow.incrementAndGet();
                    }
                }
                return n;
            });
            byte[] packet = EchoClient.packet(EchoClient.randomBody(BIG, 7));
            DataInputStream bigIn = new DataInputStream(big.input());
            for (int round = 0; round < 3; round++) {
                servedInWindow.set(0);
                big.sendRaw(packet);
                window.set(true);
                int length = bigIn.readInt(); // the first bytes of the echo
                window.set(false);
                fewest = Math.min(fewest, servedInWindow.get());
                byte[] echo = new byte[4 + length];
                java.nio.ByteBuffer.wrap(echo).putInt(length);
                bigIn.readFully(echo, 4, length);
                assertArrayEquals(packet, echo, "big echo, round " + round);
            }
            stop.set(true);
            assertTrue(smalls.get() > 0);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(fewest >= 5, "small echoes completed while a big one crossed the link (fewest of 3 rounds): " + fewest);
    }

    @Test
    void aWorkerKilledMidTransferCostsOnlyThatPacket() throws Exception {
        Status before = cluster.start();
        long victim = before.workerPid(0);
        MidTransferKill.killWorkerWhileABigPacketCrosses(cluster, victim);
        assertNotEquals(victim, cluster.status().workerPid(0));
    }
}
