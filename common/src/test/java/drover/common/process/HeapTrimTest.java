package drover.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A heap whose size the test sets; a collection shrinks it to what is in use. */
    private static final class FakeHeap implements HeapTrim.Heap {
        long committed = 16 * MIB;
        long used = 4 * MIB;
        int collections;

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public long used() {
            return used;
        }

        @Override
        public void collect() {
            collections++;
            committed = Math.max(used, 8 * MIB);
        }
    }

    private final FakeHeap heap = new FakeHeap();
    private final HeapTrim trim = new HeapTrim(heap);

    @Test
    void aHeapThatGrewPastTheFloorIsCollectedOnceItHasBeenQuietLongEnough() {
        heap.committed = 900 * MIB;
        assertFalse(trim.tick(0)); // it grew just now
        assertFalse(trim.tick(HeapTrim.QUIET_NANOS - 1));

        assertTrue(trim.tick(HeapTrim.QUIET_NANOS));
        assertEquals(1, heap.collections);
        assertEquals(8 * MIB, heap.committed);
    }

    @Test
    void aHeapStillGrowingIsLeftAlone() {
        for (long t = 0; t < 30; t++) {
            heap.committed += 40 * MIB; // a burst that goes on
            assertFalse(trim.tick(t * SECOND));
        }
        assertEquals(0, heap.collections);
        assertTrue(trim.tick(29 * SECOND + HeapTrim.QUIET_NANOS));
    }

    @Test
    void aHeapUnderTheFloorIsNeverCollected() {
        heap.committed = HeapTrim.FLOOR;
        for (long t = 0; t < 60; t++) {
            assertFalse(trim.tick(t * SECOND));
        }
        assertEquals(0, heap.collections);
    }

    @Test
    void onceTrimmedItWaitsForTheHeapToGrowAgain() {
        heap.committed = 500 * MIB;
        heap.used = 200 * MIB; // live data the collection cannot free
        trim.tick(0);
        assertTrue(trim.tick(HeapTrim.QUIET_NANOS));
        assertEquals(200 * MIB, heap.committed);

        for (long t = 11; t < 100; t++) { // still past the floor, but it did not grow: no collection a minute
            assertFalse(trim.tick(t * SECOND));
        }
        heap.committed = 300 * MIB; // the next burst
        assertFalse(trim.tick(100 * SECOND));
        assertTrue(trim.tick(100 * SECOND + HeapTrim.QUIET_NANOS));
        assertEquals(2, heap.collections);
    }
}
