package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run (GET / with keep-alive, 127.0.0.1 only) that lasts until {@link #stop}: wrk prints its
 * summary when interrupted (SIGINT), and the counts of that summary are the result. Bounded: wrk's own
 * duration is a ceiling, and close kills it if it is still running.
 */
final class Wrk implements AutoCloseable {
    /**
     * wrk's summary.
     *
     * @param requests       responses read
     * @param non2xx3xx      "Non-2xx or 3xx responses"
     * @param socketErrors   the sum of "Socket errors: connect, read, write, timeout"
     * @param requestsPerSec "Requests/sec"
     * @param output         wrk's whole output, for messages
     */
    record Result(long requests, long non2xx3xx, long socketErrors, double requestsPerSec, String output) {
        long failures() {
            return non2xx3xx + socketErrors;
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private final Process process;
    private final Path out;

    private Wrk(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts wrk -t1 against http://127.0.0.1:port/ with that many connections, for at most maxDuration. */
    static Wrk start(Path out, int port, int connections, Duration maxDuration) throws IOException {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + maxDuration.toSeconds() + "s",
                "--timeout", "10s", "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new Wrk(process, out);
    }

    /** Interrupts wrk (SIGINT), waits for its summary and parses it. */
    Result stop() throws Exception {
        Process interrupt = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
        assertTrue(interrupt.waitFor(10, TimeUnit.SECONDS) && interrupt.exitValue() == 0, "kill -INT wrk failed");
        assertTrue(process.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS),
                "wrk did not end after SIGINT");
        return parse(Files.readString(out));
    }

    static Result parse(String output) {
        Matcher requests = REQUESTS.matcher(output);
        assertTrue(requests.find(), "no summary in wrk's output: " + output);
        long socketErrors = 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(errors.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher rate = RATE.matcher(output);
        return new Result(Long.parseLong(requests.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                socketErrors, rate.find() ? Double.parseDouble(rate.group(1)) : 0, output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
