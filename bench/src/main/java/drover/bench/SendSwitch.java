package drover.bench;

/** Turned off once by the run; the load threads then finish the replies owed, until the deadline. */
final class SendSwitch {
    private volatile boolean sending = true;
    private volatile long drainDeadline;

    boolean sending() {
        return sending;
    }

    long drainDeadline() {
        return drainDeadline;
    }

    void stop(long now, long drainNanos) {
        drainDeadline = now + drainNanos;
        sending = false;
    }
}
