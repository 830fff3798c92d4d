package drover.common.session;

/**
 * A 64-bit session id that names the reactor process and thread owning the connection, so a worker
 * answers on the right link without a lookup. Layout (high to low bits):
 * reactor 6 | thread 6 | reactor generation 12 | sequence 40.
 * The generation grows each time the manager starts a reactor in that slot, and the sequence grows
 * per thread, so an id is never reused while the server runs (2^40 connections per thread per
 * generation). Ids are never 0, so 0 can mean "no session".
 */
public final class SessionId {
    static final int MAX_REACTORS = 1 << 6;
    static final int MAX_THREADS = 1 << 6;
    static final int MAX_GENERATION = (1 << 12) - 1;
    private static final long SEQUENCE_MASK = (1L << 40) - 1;

    private SessionId() {
    }

    public static long of(int reactor, int thread, int generation, long sequence) {
        if (reactor < 0 || reactor >= MAX_REACTORS || thread < 0 || thread >= MAX_THREADS) {
            throw new IllegalArgumentException("reactor " + reactor + " / thread " + thread + " outside 0.." + (MAX_THREADS - 1));
        }
        if (sequence <= 0 || sequence > SEQUENCE_MASK) {
            throw new IllegalArgumentException("sequence " + sequence + " outside 1.." + SEQUENCE_MASK);
        }
        return ((long) reactor << 58) | ((long) thread << 52) | ((long) (generation & MAX_GENERATION) << 40) | sequence;
    }

    public static int reactor(long id) {
        return (int) (id >>> 58);
    }

    public static int thread(long id) {
        return (int) (id >>> 52) & (MAX_THREADS - 1);
    }

    public static int generation(long id) {
        return (int) (id >>> 40) & MAX_GENERATION;
    }

    public static long sequence(long id) {
        return id & SEQUENCE_MASK;
    }

    public static String format(long id) {
        return Long.toUnsignedString(id);
    }
}
