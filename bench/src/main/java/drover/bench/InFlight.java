package drover.bench;

/**
 * The requests of one connection still owed a reply: sequence numbers oldest..next-1, at most
 * --pipeline of them, with their send times in a ring indexed by sequence number.
 */
final class InFlight {
    private final int capacity;
    private final long[] sentAt;
    private final boolean[] answered;
    private long next;
    private long oldest;

    InFlight(int capacity) {
        this.capacity = capacity;
        this.sentAt = new long[capacity];
        this.answered = new boolean[capacity];
    }

    boolean full() {
        return next - oldest >= capacity;
    }

    boolean isEmpty() {
        return next == oldest;
    }

    int count() {
        return (int) (next - oldest);
    }

    long oldest() {
        return oldest;
    }

    long oldestSentAt() {
        return sentAt[index(oldest)];
    }

    /** Takes the next sequence number for a request sent now. */
    long start(long now) {
        long seq = next++;
        sentAt[index(seq)] = now;
        answered[index(seq)] = false;
        return seq;
    }

    /** True when seq was sent and has no reply yet. */
    boolean owes(long seq) {
        return seq >= oldest && seq < next && !answered[index(seq)];
    }

    /** Marks seq answered (it must be owed) and returns its latency. */
    long answer(long seq, long now) {
        int i = index(seq);
        answered[i] = true;
        long latency = now - sentAt[i];
        while (oldest < next && answered[index(oldest)]) {
            answered[index(oldest)] = false;
            oldest++;
        }
        return latency;
    }

    /** Gives up on every owed reply (the connection is gone); numbering goes on. */
    void abandon() {
        for (long s = oldest; s < next; s++) {
            answered[index(s)] = false;
        }
        oldest = next;
    }

    private int index(long seq) {
        return (int) Long.remainderUnsigned(seq, capacity);
    }
}
