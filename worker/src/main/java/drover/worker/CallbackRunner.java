package drover.worker;

import drover.common.config.WorkerMode;
import java.util.Map;

/**
 * Where app callbacks run, by worker_mode. The loop thread hands every callback here as it reads
 * the frames, so the order of submission is the order events happened.
 */
interface CallbackRunner {
    /** Runs the task after the earlier tasks of the same key (a session, or a pipe message's sender). */
    void ordered(Object key, Runnable task);

    /** Runs a task that needs no order against others (a timer). */
    void unordered(Runnable task);

    /**
     * The threads other than the loop running a task now, with when each started (System.nanoTime);
     * empty when everything runs on the loop, whose own stalls the heartbeat shows.
     */
    default Map<Thread, Long> running() {
        return Map.of();
    }

    /** Tasks queued or running now; always 0 when everything runs on the loop. */
    int inFlight();

    /**
     * Whether the loop should keep reading packets from the reactor. Past a bound the loop stops
     * reading, so its links fill up and the reactor stops reading those clients: memory stays bounded
     * when handlers are slower than the traffic.
     */
    boolean acceptsMore(boolean readingNow);

    /** @param progress run (on any thread) when in-flight work drops enough for the loop to re-check */
    static CallbackRunner of(WorkerMode mode, Runnable progress) {
        return switch (mode) {
            case LOOP -> new LoopRunner();
            case VIRTUAL -> new VirtualRunner(progress);
        };
    }

    /** worker_mode=loop: the callback runs now, on the loop thread. */
    final class LoopRunner implements CallbackRunner {
        @Override
        public void ordered(Object key, Runnable task) {
            task.run();
        }

        @Override
        public void unordered(Runnable task) {
            task.run();
        }

        @Override
        public int inFlight() {
            return 0;
        }

        @Override
        public boolean acceptsMore(boolean readingNow) {
            return true;
        }
    }
}
