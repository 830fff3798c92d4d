package drover.common.process;

import drover.common.log.Log;
import java.util.concurrent.TimeUnit;

/**
 * Gives back to the OS the heap a burst grew, once the burst is over. The serial collector grows the
 * heap as a burst needs (the reactor runs without -Xmx, so its heap may grow to a quarter of the
 * machine's memory) and gives memory back only at a full collection, which a process that then makes
 * little garbage may not have for hours: after 50 clients echoed 1 MiB for 8 s the reactor kept
 * 1.3 GiB (docs/benchmarks-history.md, "Fifth round"). So once the committed heap is past
 * {@link #FLOOR} and has not grown for {@link #QUIET_NANOS}, one full collection ({@code System.gc()};
 * the children run with {@code -XX:-ShrinkHeapInSteps}, so the collector shrinks the heap in one go
 * instead of over four collections) hands the excess back. The heap may stop growing while a burst's
 * buffers are still in use (a steady load of large packets), so a trim that leaves the heap past the
 * floor gets one follow-up {@link #FOLLOW_UP_NANOS} later; after that the heap must grow again before the next.
 * That bounds the cost for a process whose live data is simply large: two full collections per
 * growth. Driven by a loop's once-a-second tick, on one thread.
 */
public final class HeapTrim {
    /** A committed heap up to this size is not worth a full collection. */
    static final long FLOOR = 64L << 20;
    /** How long the heap must have stopped growing: the burst is over. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** When a trim left the heap past the floor: how long until the one follow-up. */
    static final long FOLLOW_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The heap as the JVM reports it; a test gives its own. */
    interface Heap {
        long committed();

        long used();

        void collect();
    }

    private static final Heap RUNTIME = new Heap() {
        @Override
        public long committed() {
            return Runtime.getRuntime().totalMemory();
        }

        @Override
        public long used() {
            return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }

        @Override
        public void collect() {
            System.gc();
        }
    };

    private final Heap heap;
    private long lastCommitted;
    private long grewAt;
    /** Whether the heap grew since the last trim (or since the start). */
    private boolean grown;
    private boolean followUpDue;
    private long trimmedAt;

    public HeapTrim() {
        this(RUNTIME);
    }

    public HeapTrim(Heap heap) {
        this.heap = heap;
        this.lastCommitted = heap.committed();
    }

    /** Call about once a second; returns whether it collected. */
    public boolean tick(long nowNanos) {
        long committed = heap.committed();
        if (committed > lastCommitted) {
            grewAt = nowNanos;
            grown = true;
            followUpDue = false;
        }
        lastCommitted = committed;
        if (committed <= FLOOR) {
            return false;
        }
        boolean burstOver = grown && nowNanos - grewAt >= QUIET_NANOS;
        boolean followUp = !grown && followUpDue && nowNanos - trimmedAt >= FOLLOW_UP_NANOS;
        if (!burstOver && !followUp) {
            return false;
        }
        long started = System.nanoTime();
        heap.collect();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        grown = false;
        trimmedAt = nowNanos;
        lastCommitted = heap.committed();
        followUpDue = burstOver && lastCommitted > FLOOR;
        Log.info("heap trimmed " + (burstOver ? "after a burst" : "again") + ": " + mib(committed)
                + " committed, now " + mib(lastCommitted) + " (" + mib(heap.used()) + " in use; the collection took "
                + tookMillis + " ms)");
        return true;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
