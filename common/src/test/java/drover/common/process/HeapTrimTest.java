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
        assertNoCollectionBetweenSeconds(0, 60);
        assertEquals(0, heap.collections);
    }

    @Test
    void aTrimThatLeftTheHeapPastTheFloorIsFollowedUpOnceThenItWaitsForGrowth() {
        heap.committed = 500 * MIB;
        heap.used = 200 * MIB; // a steady load's buffers, still in use at the first trim
        trim.tick(0);
        assertTrue(trim.tick(HeapTrim.QUIET_NANOS));
        assertEquals(200 * MIB, heap.committed);
        assertFalse(trim.tick(HeapTrim.QUIET_NANOS + HeapTrim.FOLLOW_UP_NANOS - 1));

        assertTrue(trim.tick(HeapTrim.QUIET_NANOS + HeapTrim.FOLLOW_UP_NANOS)); // the follow-up
        assertEquals(2, heap.collections);
        assertNoCollectionBetweenSeconds(41, 200); // still past the floor (live data), but no growth: left alone
        heap.committed = 300 * MIB; // the next burst
        assertFalse(trim.tick(200 * SECOND));
        assertTrue(trim.tick(200 * SECOND + HeapTrim.QUIET_NANOS));
        assertEquals(3, heap.collections);
    }

    @Test
    void aTrimThatGotUnderTheFloorNeedsNoFollowUp() {
        heap.committed = 500 * MIB;
        trim.tick(0);
        assertTrue(trim.tick(HeapTrim.QUIET_NANOS));
        assertNoCollectionBetweenSeconds(11, 200);
        assertEquals(1, heap.collections);
    }

    @Test
    void growthBeforeTheFollowUpStartsANewQuietPeriodInstead() {
        heap.committed = 500 * MIB;
        heap.used = 200 * MIB;
        trim.tick(0);
        assertTrue(trim.tick(HeapTrim.QUIET_NANOS));
        heap.committed = 400 * MIB; // grew again within the follow-up's wait
        assertFalse(trim.tick(20 * SECOND));
        assertFalse(trim.tick(20 * SECOND + HeapTrim.QUIET_NANOS - 1)); // a burst again: its own quiet period
        assertTrue(trim.tick(20 * SECOND + HeapTrim.QUIET_NANOS));
        assertEquals(2, heap.collections);
    }

    /** Ticks once a second from {@code from} (inclusive) to {@code to} (exclusive), none of which may collect. */
    private void assertNoCollectionBetweenSeconds(long from, long to) {
        for (long t = from; t < to; t++) {
            assertFalse(trim.tick(t * SECOND), "collected at " + t + " s");
        }
    }
}
