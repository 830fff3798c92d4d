package drover.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients of the tasks example, each asking for the sum 1..N of a fresh random N and checking the
 * answer, one request at a time, until stopped. Every request must get exactly its own answer: a
 * lost one times out, a duplicated or misrouted one shows up as the wrong sum for the next request.
 */
final class TaskLoad implements AutoCloseable {
    private static final Pattern ANSWER = Pattern.compile("sum=(\\d+) task_pid=(\\d+) worker_pid=(\\d+)");

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Set<Long> taskPids = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();

    TaskLoad(int port, int clientCount) {
        pool = Executors.newFixedThreadPool(clientCount);
        for (int c = 0; c < clientCount; c++) {
            long seed = c;
            clients.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (EchoClient client = new EchoClient(port)) {
                    while (running.get()) {
                        long n = random.nextInt(1_000_000);
                        sent.incrementAndGet();
                        check(n, client.request(Long.toString(n)));
                    }
                }
                return null;
            }));
        }
    }

    /** Checks one answer and notes the task worker that computed it. */
    long check(long n, String answer) {
        Matcher m = ANSWER.matcher(answer);
        if (!m.matches() || Long.parseLong(m.group(1)) != n * (n + 1) / 2) {
            throw new AssertionError("for N=" + n + " got '" + answer + "'");
        }
        taskPids.add(Long.parseLong(m.group(2)));
        return answered.incrementAndGet();
    }

    Set<Long> taskPids() {
        return taskPids;
    }

    /** Waits until this many more answers came than now; fails if a client died or time ran out. */
    void awaitMoreAnswers(long more) throws Exception {
        long target = answered.get() + more;
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (answered.get() < target) {
            for (Future<?> client : clients) {
                if (client.isDone()) {
                    client.get();
                    throw new AssertionError("a task client stopped early");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + answered.get() + " answers, expected " + target);
            }
            Thread.onSpinWait();
        }
    }

    /** Stops the clients, rethrows the first failure; returns {sent, answered}. */
    long[] stop() throws Exception {
        running.set(false);
        try {
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new long[] {sent.get(), answered.get()};
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }
}
