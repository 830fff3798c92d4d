package drover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Every run of an EchoLoad command line, one size after another; stoppable from another thread. */
final class LoadSession {
    private final LoadPlan plan;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<LoadResult> results = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile LoadRun current;
    private volatile int exitCode = 1;

    LoadSession(LoadPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs every size, prints each summary; returns 0 when nothing went wrong, else 1. */
    int run() throws InterruptedException {
        try {
            long errors = 0;
            for (int size : plan.sizes()) {
                if (stopRequested) {
                    break;
                }
                LoadRun run = new LoadRun(plan, size, out);
                current = run;
                if (stopRequested) {
                    run.requestStop();
                }
                LoadResult result = run.run();
                results.add(result);
                out.println(result.summary());
                out.println(result.resultLine());
                errors += result.errors().total();
            }
            exitCode = errors == 0 ? 0 : 1;
            return exitCode;
        } finally {
            out.flush();
            finished.countDown();
        }
    }

    /** Ends the current run now (its figures are still printed) and skips the sizes after it. */
    void requestStop() {
        stopRequested = true;
        LoadRun run = current;
        if (run != null) {
            run.requestStop();
        }
    }

    /** Waits for run() to have printed everything; returns its exit code, or 1 if it did not finish in time. */
    int awaitExitCode(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit) ? exitCode : 1;
    }

    List<LoadResult> results() {
        return results;
    }
}
