package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import drover.common.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * worker_mode=virtual calls the handler for different sessions from different threads at once: each
 * session's packets and close keep their order, nothing else is serialised.
 */
class HttpExchangeHandlerThreadsTest {
    private static final int THREADS = 16;
    private static final int SESSIONS_PER_THREAD = 3_000;

    @Test
    void sessionsServedOnManyThreadsAtOnceEachGetTheirResponse() throws Exception {
        AtomicInteger responses = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        HttpExchangeHandler handler = new HttpExchangeHandler((req, res) -> res.end("ok"),
                new HttpExchangeHandler.Sessions() {
                    @Override
                    public boolean send(long sessionId, byte[] data) {
                        responses.incrementAndGet();
                        return true;
                    }

                    @Override
                    public boolean close(long sessionId) {
                        closes.incrementAndGet();
                        return true;
                    }
                }, () -> HttpExchangeHandlerTest.NOW);
        byte[] keepAlive = HttpExchangeHandlerTest.get("/", HttpVersion.HTTP_1_1, true);
        byte[] lastRequest = HttpExchangeHandlerTest.get("/", HttpVersion.HTTP_1_1, false);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long firstSession = 1 + (long) t * SESSIONS_PER_THREAD;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (long s = firstSession; s < firstSession + SESSIONS_PER_THREAD; s++) {
                        handler.onReceive(s, keepAlive); // a fresh connection: its pipeline is made here
                        handler.onReceive(s, lastRequest);
                        handler.onClose(s);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(2 * THREADS * SESSIONS_PER_THREAD, responses.get(), "every request answered");
        assertEquals(THREADS * SESSIONS_PER_THREAD, closes.get(), "every Connection: close honoured");
    }
}
