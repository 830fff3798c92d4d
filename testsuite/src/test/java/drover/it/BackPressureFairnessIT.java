package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many connections whose packets keep a worker link past its high watermark: each one the reactor
 * stops reading must get its turn when the link drains, however the selector orders the keys.
 */
@Timeout(180)
class BackPressureFairnessIT {
    private static final int MIB = 1 << 20;
    private static final int CONNECTIONS = 40;
    /** Replies the busiest connection may get before every connection must have had one. */
    private static final int LEAD = 8;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1)
            .set("reactor_num=1")
            // 1 MiB packets as whole frames: the 8 MiB link watermark, not the large-payload bound, holds them
            .set("large_payload_threshold=4M");

    @Test
    void everyConnectionStoppedByAFullLinkIsServedBeforeAnyOtherIsServedManyTimes() throws Exception {
        cluster.start();
        byte[] body = new byte[MIB];
        new Random(1).nextBytes(body);
        AtomicIntegerArray replies = new AtomicIntegerArray(CONNECTIONS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch someoneLeads = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new EchoClient(cluster.port()));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                EchoClient client = clients.get(i);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (!stop.get()) {
                            client.echo(body);
                            if (replies.incrementAndGet(id) >= LEAD) {
                                someoneLeads.countDown();
                            }
                        }
                    } catch (Throwable e) {
                        if (!stop.get()) {
                            failure.compareAndSet(null, e);
                            someoneLeads.countDown();
                        }
                    }
                }));
            }
            someoneLeads.await();
            int[] counts = snapshot(replies);
            stop.set(true);
            System.out.println("replies per connection when one had " + LEAD + ": " + Arrays.toString(counts));
            if (failure.get() != null) {
                throw new AssertionError("a connection failed: " + failure.get(), failure.get());
            }
            assertTrue(Arrays.stream(counts).allMatch(n -> n >= 1),
                    "when one connection had " + LEAD + " replies, some had none: " + Arrays.toString(counts));
        } finally {
            stop.set(true);
            for (EchoClient c : clients) {
                c.close(); // unblocks the threads still reading
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static int[] snapshot(AtomicIntegerArray a) {
        int[] counts = new int[a.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = a.get(i);
        }
        return counts;
    }
}
