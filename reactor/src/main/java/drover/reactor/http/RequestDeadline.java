package drover.reactor.http;

/**
 * The 408 clock of one connection: it runs from the read that brought a request's first byte until
 * the request is complete, and is stopped while the connection is idle between requests. Pure state
 * over nanoTime values the caller supplies, so tests need no real time.
 */
final class RequestDeadline {
    private final long timeoutNanos;
    private boolean running;
    private long startedAt;

    /** @param timeoutNanos 0 means requests may take forever */
    RequestDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Called after each read: starts the clock when a request is under way, stops it when none is. */
    void update(boolean requestUnderWay, long nowNanos) {
        if (!requestUnderWay) {
            running = false;
        } else if (!running) {
            running = true;
            startedAt = nowNanos;
        }
    }

    /** A request is under way (its first byte came), whether or not it has a time limit. */
    boolean underWay() {
        return running;
    }

    boolean isSet() {
        return running && timeoutNanos > 0;
    }

    /** When the request under way times out; meaningful only when {@link #isSet()}. */
    long deadlineNanos() {
        return startedAt + timeoutNanos;
    }

    boolean hasExpired(long nowNanos) {
        return isSet() && nowNanos - deadlineNanos() >= 0; // subtraction: nanoTime may wrap
    }
}
