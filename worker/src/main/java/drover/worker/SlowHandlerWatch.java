package drover.worker;

import drover.common.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * worker_mode=virtual: handlers run on virtual threads, so a stuck one does not stop the loop's
 * heartbeat and the manager's worker_timeout never sees it; and the JVM's SIGQUIT thread dump
 * leaves virtual threads out. So the loop looks at the running handlers itself: one running longer
 * than worker_timeout is logged once, as a warning with its stack. It is not killed: it holds up
 * only its own session, and ending the worker would drop every other session with it.
 */
final class SlowHandlerWatch {
    private final CallbackRunner runner;
    private final long limitNanos;
    /** The handlers already reported: thread and the start of the task it was found stuck in. */
    private final Map<Thread, Long> reported = new HashMap<>();

    SlowHandlerWatch(CallbackRunner runner, Duration workerTimeout) {
        this.runner = runner;
        this.limitNanos = workerTimeout.toNanos();
    }

    /** Logs each handler that has run longer than worker_timeout at nowNanos and was not reported yet; returns the lines. */
    List<String> check(long nowNanos) {
        Map<Thread, Long> running = runner.running();
        if (limitNanos == 0 || (running.isEmpty() && reported.isEmpty())) {
            return List.of();
        }
        reported.entrySet().removeIf(e -> !e.getValue().equals(running.get(e.getKey()))); // finished since
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Thread, Long> handler : running.entrySet()) {
            Thread thread = handler.getKey();
            long since = handler.getValue();
            if (nowNanos - since > limitNanos && !Long.valueOf(since).equals(reported.get(thread))) {
                reported.put(thread, since);
                String line = "a handler has run for " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - since)
                        + " s (over worker_timeout " + TimeUnit.NANOSECONDS.toSeconds(limitNanos) + " s) on "
                        + thread + "; its session waits for it:" + stack(thread);
                Log.warn(line);
                lines.add(line);
            }
        }
        return lines;
    }

    private static String stack(Thread thread) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            out.append("\n\tat ").append(frame);
        }
        return out.isEmpty() ? " (no stack: it has just finished)" : out.toString();
    }
}
