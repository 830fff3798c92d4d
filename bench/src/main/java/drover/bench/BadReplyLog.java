package drover.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/** Tells the first few problems of a run in words, so an error count comes with its cause. */
final class BadReplyLog {
    static final int MAX_REPORTED = 10;

    private final PrintStream out;
    private final AtomicInteger reported = new AtomicInteger();

    BadReplyLog(PrintStream out) {
        this.out = out;
    }

    void report(int connection, String problem) {
        int n = reported.incrementAndGet();
        if (n <= MAX_REPORTED) {
            out.println("EchoLoad: connection " + connection + ": " + problem);
        } else if (n == MAX_REPORTED + 1) {
            out.println("EchoLoad: more problems follow; only their counts are reported");
        }
    }
}
