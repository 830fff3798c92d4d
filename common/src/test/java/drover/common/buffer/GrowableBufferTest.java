package drover.common.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class GrowableBufferTest {
    private static ByteBuffer readable(String text, int capacity) {
        ByteBuffer buffer = ByteBuffer.allocate(capacity).put(text.getBytes());
        return buffer.flip();
    }

    @Test
    void nothingReadLeavesTheBytesInPlaceReadyForMore() {
        ByteBuffer buffer = readable("partial", 16);
        GrowableBuffer.compactUnlessUnread(buffer);
        assertEquals(7, buffer.position());
        assertEquals(16, buffer.limit());
        assertEquals("partial", new String(buffer.array(), 0, 7));
    }

    @Test
    void somethingReadMovesTheRestToTheFrontLikeCompact() {
        ByteBuffer buffer = readable("donerest", 16);
        buffer.position(4);
        GrowableBuffer.compactUnlessUnread(buffer);
        assertEquals(4, buffer.position());
        assertEquals(16, buffer.limit());
        assertEquals("rest", new String(buffer.array(), 0, 4));
    }

    @Test
    void everythingReadLeavesAnEmptyBuffer() {
        ByteBuffer buffer = readable("all", 8);
        buffer.position(3);
        GrowableBuffer.compactUnlessUnread(buffer);
        assertEquals(0, buffer.position());
        assertEquals(8, buffer.limit());
    }

    @Test
    void growingKeepsTheBytesAndShrinkingOnlyHappensWhenEmpty() {
        GrowableBuffer growable = new GrowableBuffer(4);
        growable.room(3).put("abc".getBytes());
        growable.room(40).put("defg".getBytes());
        ByteBuffer grown = growable.buffer();
        assertEquals(7, grown.position());
        assertEquals("abcdefg", new String(grown.array(), 0, 7));
        growable.shrinkIfEmpty();
        assertEquals(grown, growable.buffer(), "not empty: kept");
        grown.clear();
        growable.shrinkIfEmpty();
        assertEquals(4, growable.buffer().capacity(), "empty and large: back to the first size");
    }

    @Test
    void aDirectBufferUpToTheRetainedSizeIsKeptWhenEmptiedAndALargerOneIsHeapAndReleased() {
        GrowableBuffer growable = GrowableBuffer.direct(16, 64);
        assertTrue(growable.buffer().isDirect());
        growable.room(30).put(new byte[30]);
        ByteBuffer grown = growable.buffer();
        assertTrue(grown.isDirect());
        assertEquals(32, grown.capacity(), "doubled");
        grown.clear();
        growable.shrinkIfEmpty();
        assertSame(grown, growable.buffer(), "within the retained size: kept");

        growable.room(100).put(new byte[100]);
        assertFalse(growable.buffer().isDirect(), "past the retained size: heap");
        growable.buffer().clear();
        growable.shrinkIfEmpty();
        assertEquals(16, growable.buffer().capacity());
        assertTrue(growable.buffer().isDirect());
    }
}
