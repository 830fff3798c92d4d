package drover.common.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private static final int KIB = 1024;
    private final BufferPool pool = new BufferPool(64 * KIB, 4 * 1024 * KIB, 6 * 1024 * KIB);

    @Test
    void aBufferIsDirectOfTheNextPowerOfTwoWithItsLimitAtTheSizeAsked() {
        ByteBuffer b = pool.take(1024 * KIB + 4);
        assertTrue(b.isDirect());
        assertEquals(2048 * KIB, b.capacity());
        assertEquals(0, b.position());
        assertEquals(1024 * KIB + 4, b.limit());
        assertEquals(64 * KIB, pool.take(1).capacity(), "the smallest class");
        assertEquals(64 * KIB, pool.take(64 * KIB).capacity(), "a power of two is its own class");
    }

    @Test
    void aReleasedBufferIsLentAgainCleared() {
        ByteBuffer b = pool.take(100 * KIB);
        b.position(50);
        pool.release(b);
        assertEquals(128 * KIB, pool.idleBytes());
        ByteBuffer again = pool.take(70 * KIB);
        assertSame(b, again);
        assertEquals(0, again.position());
        assertEquals(70 * KIB, again.limit());
        assertEquals(0, pool.idleBytes());
        assertNotSame(again, pool.take(70 * KIB), "a buffer is lent to one holder at a time");
    }

    @Test
    void aBufferAboveTheLargestClassIsOnTheHeapAndNotKept() {
        ByteBuffer b = pool.take(4 * 1024 * KIB + 1);
        assertFalse(b.isDirect());
        assertEquals(4 * 1024 * KIB + 1, b.capacity());
        assertEquals(1, pool.heapLends());
        pool.release(b);
        assertEquals(0, pool.idleBytes());
    }

    @Test
    void pastItsBudgetThePoolLendsHeapBuffersAndKeepsOnlyItsOwn() {
        ByteBuffer a = pool.take(4 * 1024 * KIB);
        ByteBuffer b = pool.take(2 * 1024 * KIB);
        ByteBuffer c = pool.take(1024 * KIB); // 7 MiB would pass the 6 MiB budget
        assertTrue(a.isDirect() && b.isDirect());
        assertFalse(c.isDirect());
        assertEquals(6 * 1024 * KIB, pool.directBytes());
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertEquals(6 * 1024 * KIB, pool.idleBytes(), "all of its own memory is kept for reuse");
        assertSame(b, pool.take(2 * 1024 * KIB));
        assertEquals(6 * 1024 * KIB, pool.directBytes(), "reused, not allocated again");
        assertEquals(1, pool.heapLends());
    }

    @Test
    void aDirectBufferOfNoClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(100 * KIB)));
        pool.release(ByteBuffer.allocate(128 * KIB)); // heap: left to the collector
        assertEquals(0, pool.idleBytes());
    }

    @Test
    void classesMustBePowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(1000, 4096, 8192));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(4096, 1024, 8192));
    }
}
