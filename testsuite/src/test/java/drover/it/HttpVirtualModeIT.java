package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP in worker_mode=virtual, where each connection's requests run on a virtual thread of their
 * own: many fresh connections at once must each get their answer (a map the handler shared between
 * sessions without a lock once lost about one such request in 5,000).
 */
@Timeout(300)
class HttpVirtualModeIT {
    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 750;
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("worker_mode=virtual");

    @Test
    void sixteenThreadsOfFreshConnectionRequestsLoseNone() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(THREADS);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            clients.add(Thread.ofPlatform().name("http-client-" + t).start(() -> {
                try {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        // a lost request shows as a read timeout; 5 s is ample on a loaded 2-core machine
                        try (RawHttpClient client = new RawHttpClient(cluster.port(), Duration.ofSeconds(5))) {
                            HttpReply reply = client.send(REQUEST).read();
                            if (reply.status() == 200 && reply.text().equals("Hello, World!") && reply.closes()) {
                                answered.incrementAndGet();
                            } else {
                                failures.add(reply.toString());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        assertTrue(done.await(Deadline.scaled(Duration.ofSeconds(240)).toMillis(), TimeUnit.MILLISECONDS),
                "the clients did not finish; answered " + answered.get());
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " requests failed");
        assertEquals(THREADS * REQUESTS_PER_THREAD, answered.get());
        String log = cluster.log();
        assertTrue(!log.contains("ConcurrentModificationException") && !log.contains("onRequest failed"), log);
    }
}
