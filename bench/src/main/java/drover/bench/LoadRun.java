package drover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run of one body size: starts the load threads, prints a progress line per interval, counts
 * only what happens after the warmup, then stops sending and lets the owed replies arrive.
 */
final class LoadRun {
    /** Past the drain deadline a thread that has not finished is abandoned: the run still reports. */
    private static final long JOIN_GRACE_MILLIS = 5_000;

    private final LoadPlan plan;
    private final int bodySize;
    private final PrintStream out;
    private final LoadRunContext context;
    private final List<LoadThread> loadThreads = new ArrayList<>();
    private final CountDownLatch stopRequest = new CountDownLatch(1);

    LoadRun(LoadPlan plan, int bodySize, PrintStream out) {
        this.plan = plan;
        this.bodySize = bodySize;
        this.out = out;
        this.context = new LoadRunContext(plan, new RequestTemplate(bodySize), new LoadErrors(), new BadReplyLog(out),
                new SendSwitch());
        for (int t = 0; t < Math.min(plan.threads(), plan.connections()); t++) {
            loadThreads.add(new LoadThread(context));
        }
        for (int c = 0; c < plan.connections(); c++) {
            loadThreads.get(c % loadThreads.size()).add(c);
        }
    }

    /** Ends the run early (from a signal): what was measured so far is reported. */
    void requestStop() {
        stopRequest.countDown();
    }

    LoadResult run() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loadThreads.size(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("load-" + i).start(loadThreads.get(i)));
        }
        Window window = measure();
        context.sendSwitch().stop(System.nanoTime(), plan.timeout().toNanos());
        long joinBy = System.currentTimeMillis() + plan.timeout().toMillis() + JOIN_GRACE_MILLIS;
        for (Thread t : threads) {
            t.join(Math.max(1, joinBy - System.currentTimeMillis()));
        }
        for (LoadThread t : loadThreads) {
            if (t.failure() != null) {
                throw new IllegalStateException("load thread failed: " + t.failure(), t.failure());
            }
        }
        return new LoadResult(plan, bodySize, window.seconds(), window.replies(), window.bytes(), window.latencies(),
                context.errors());
    }

    private record Window(double seconds, long replies, long bytes, Histogram latencies) {
    }

    private Window measure() throws InterruptedException {
        long start = System.nanoTime();
        long warmupEnd = start + plan.warmup().toNanos();
        long end = warmupEnd + plan.duration().toNanos();
        boolean measuring = plan.warmup().isZero();
        long intervalStart = start;
        long measuredFrom = start;
        long prevReplies = 0;
        long prevBytes = 0;
        long baseReplies = 0;
        long baseBytes = 0;
        Histogram measured = newHistogram();
        while (true) {
            long wake = Math.min(intervalStart + plan.interval().toNanos(), measuring ? end : warmupEnd);
            boolean stopped = stopRequest.await(wake - System.nanoTime(), TimeUnit.NANOSECONDS);
            long now = System.nanoTime();
            Histogram interval = newHistogram();
            long replies = 0;
            for (LoadThread t : loadThreads) {
                t.stats().drainLatenciesInto(interval);
                replies += t.stats().replies();
            }
            long bytes = replies * (RequestTemplate.LENGTH_FIELD + bodySize); // every reply is one request's size
            if (measuring) {
                measured.add(interval);
            }
            if (!plan.quiet()) {
                progress(now - start, now - intervalStart, replies - prevReplies, bytes - prevBytes, interval, !measuring);
            }
            prevReplies = replies;
            prevBytes = bytes;
            intervalStart = now;
            if (stopped || (measuring && now - end >= 0)) {
                return measuring
                        ? new Window((now - measuredFrom) / 1e9, replies - baseReplies, bytes - baseBytes, measured)
                        : new Window(0, 0, 0, measured);
            }
            if (!measuring && now - warmupEnd >= 0) {
                measuring = true;
                measuredFrom = now;
                baseReplies = replies;
                baseBytes = bytes;
            }
        }
    }

    private void progress(long sinceStart, long intervalNanos, long replies, long bytes, Histogram latencies, boolean warmup) {
        double seconds = Math.max(intervalNanos, 1) / 1e9;
        out.printf(Locale.ROOT, "%7.1fs  %9.0f msgs/s  %8.2f MB/s  p50 %s  p99 %s  max %s  errors %d%s%n",
                sinceStart / 1e9, replies / seconds, bytes / seconds / 1e6,
                LoadResult.millis(latencies.getValueAtPercentile(50) / 1000),
                LoadResult.millis(latencies.getValueAtPercentile(99) / 1000),
                LoadResult.millis(latencies.getMaxValue() / 1000), context.errors().total(), warmup ? "  (warmup)" : "");
    }

    private static Histogram newHistogram() {
        return new Histogram(ReplyStats.MAX_LATENCY_NANOS, 3);
    }
}
