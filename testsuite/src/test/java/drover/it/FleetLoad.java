package drover.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP load through a balancer: a few threads, each with its own keep-alive JDK client,
 * sending GET / back to back and counting what failed (not 200, or no answer), and which instances
 * answered (X-Served-By). Stopped by {@link #finish} or close; 127.0.0.1 only.
 */
final class FleetLoad implements AutoCloseable {
    record Result(long requests, long failures, List<String> firstFailures) {}

    private final URI uri;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> firstFailures = new CopyOnWriteArrayList<>();
    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    FleetLoad(int port, int clients) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/");
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::run, "fleet-load-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    private void run() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
            while (!stopping) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        response.headers().firstValue("X-Served-By").ifPresent(servedBy::add);
                    } else {
                        fail(response.statusCode() + " " + response.body());
                    }
                } catch (java.io.IOException e) {
                    fail(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
                requests.incrementAndGet();
            }
        }
    }

    private void fail(String what) {
        failures.incrementAndGet();
        if (firstFailures.size() < 10) {
            firstFailures.add(what);
        }
    }

    /** Waits until at least this many requests were sent (the load runs). */
    void awaitRequests(long count) throws InterruptedException {
        awaitCondition(() -> requests.get() >= count, Duration.ofSeconds(60), count + " requests");
    }

    /** Clears the instances seen, then waits until that one answers again. */
    void awaitServedBy(String server, Duration timeout) throws InterruptedException {
        servedBy.clear();
        awaitCondition(() -> servedBy.contains(server), timeout, server + " answering");
    }

    private void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = Deadline.nanosFromNow(timeout);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + ": " + snapshot());
            }
            Thread.onSpinWait();
            threads.getFirst().join(10); // a poll interval that ends early if the load thread ended
        }
    }

    private Result snapshot() {
        return new Result(requests.get(), failures.get(), List.copyOf(firstFailures));
    }

    /** Stops the load and waits for its threads. */
    Result finish() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        return snapshot();
    }

    @Override
    public void close() throws InterruptedException {
        finish();
    }
}
