package drover.common.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.junit.jupiter.api.Test;

class OutboundBufferTest {
    /** Takes at most {@code limit} bytes per write, then nothing until {@link #allow} says more. */
    static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        int limit;
        int budget = Integer.MAX_VALUE;

        TrickleChannel(int limit) {
            this.limit = limit;
        }

        void allow(int bytes) {
            budget = bytes;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(Math.min(limit, budget), src.remaining());
            byte[] bytes = new byte[n];
            src.get(bytes);
            got.write(bytes, 0, n);
            budget -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    @Test
    void aPartialWriteAtEveryOffsetMovesNoByteAndTheRestFollowsInOrder() throws IOException {
        byte[] data = bytes(300, 1);
        for (int first = 0; first <= data.length; first++) {
            OutboundBuffer buffer = new OutboundBuffer(64);
            buffer.room(data.length).put(data);
            long copiedBefore = buffer.copied();
            TrickleChannel channel = new TrickleChannel(Integer.MAX_VALUE);
            channel.allow(first);
            assertEquals(first, buffer.writeTo(channel));
            assertEquals(data.length - first, buffer.pending());
            assertEquals(copiedBefore, buffer.copied(), "a partial write copies nothing (offset " + first + ")");
            channel.allow(Integer.MAX_VALUE);
            buffer.writeTo(channel);
            assertArrayEquals(data, channel.got.toByteArray(), "offset " + first);
            buffer.releaseIfEmpty();
            assertEquals(0, buffer.readIndex());
        }
    }

    @Test
    void appendsBetweenPartialWritesOfEverySizeComeOutWholeAndInOrder() throws IOException {
        for (int step = 1; step <= 97; step += 3) {
            OutboundBuffer buffer = new OutboundBuffer(16);
            TrickleChannel channel = new TrickleChannel(step);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int i = 0; i < 60; i++) {
                byte[] piece = bytes(i % 23 + 1, i);
                buffer.room(piece.length).put(piece);
                sent.write(piece, 0, piece.length);
                buffer.writeTo(channel);
                buffer.releaseIfEmpty();
            }
            channel.limit = Integer.MAX_VALUE;
            buffer.writeTo(channel);
            assertArrayEquals(sent.toByteArray(), channel.got.toByteArray(), "step " + step);
            assertEquals(0, buffer.pending());
        }
    }

    @Test
    void roomCompactsWhenTheMoveIsNoLargerThanWhatItFrees() throws IOException {
        OutboundBuffer buffer = new OutboundBuffer(100);
        buffer.room(100).put(bytes(100, 2));
        TrickleChannel channel = new TrickleChannel(Integer.MAX_VALUE);
        channel.allow(60);
        buffer.writeTo(channel); // 40 unwritten, 60 freed at the front
        ByteBuffer before = buffer.buffer();
        buffer.room(50).put(bytes(50, 3));
        assertSame(before, buffer.buffer(), "compacted in place, not grown");
        assertEquals(100, buffer.capacity());
        assertEquals(40, buffer.copied());
        assertEquals(0, buffer.readIndex());
        channel.allow(Integer.MAX_VALUE);
        buffer.writeTo(channel);
        byte[] expected = new byte[150];
        System.arraycopy(bytes(100, 2), 0, expected, 0, 100);
        System.arraycopy(bytes(50, 3), 0, expected, 100, 50);
        assertArrayEquals(expected, channel.got.toByteArray());
    }

    @Test
    void roomGrowsRatherThanMoveMoreThanItWouldFree() throws IOException {
        OutboundBuffer buffer = new OutboundBuffer(100);
        buffer.room(100).put(bytes(100, 4));
        TrickleChannel channel = new TrickleChannel(Integer.MAX_VALUE);
        channel.allow(30);
        buffer.writeTo(channel); // 70 unwritten, only 30 freed
        buffer.room(20).put(bytes(20, 5));
        assertEquals(200, buffer.capacity(), "doubled");
        assertEquals(0, buffer.readIndex());
        assertEquals(90, buffer.pending());
        channel.allow(Integer.MAX_VALUE);
        buffer.writeTo(channel);
        assertEquals(120, channel.got.size());
    }

    /** The quadratic case of issue 6: a large reply written in small pieces while small ones are appended. */
    @Test
    void bytesCopiedStayLinearInBytesAppendedForALargeReplyWrittenInPieces() throws IOException {
        OutboundBuffer buffer = new OutboundBuffer(4096);
        int large = 8 << 20;
        buffer.room(large).put(bytes(large, 6));
        long appended = large;
        TrickleChannel channel = new TrickleChannel(64 * 1024);
        while (buffer.pending() > 0) {
            channel.allow(64 * 1024);
            buffer.writeTo(channel);
            byte[] small = bytes(100, 7);
            if (appended < large + 100_000) {
                buffer.room(small.length).put(small);
                appended += small.length;
            }
            buffer.releaseIfEmpty();
        }
        assertEquals(appended, channel.got.size());
        assertTrue(buffer.copied() <= 2 * appended, "copied " + buffer.copied() + " for " + appended + " appended");
    }

    @Test
    void anEmptiedLargeBufferGoesBackToItsFirstSize() throws IOException {
        OutboundBuffer buffer = new OutboundBuffer(64);
        buffer.room(1000).put(bytes(1000, 8));
        buffer.writeTo(new TrickleChannel(Integer.MAX_VALUE));
        buffer.releaseIfEmpty();
        assertEquals(64, buffer.capacity());
        assertEquals(0, buffer.readIndex());
    }

    @Test
    void skippingMoreThanIsPendingIsRefused() {
        OutboundBuffer buffer = new OutboundBuffer(64);
        buffer.room(10).put(bytes(10, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.skip(11));
        assertEquals("cannot skip 11 of 10 pending bytes", e.getMessage());
        buffer.skip(4);
        assertEquals(6, buffer.pending());
    }

    @Test
    void aDirectBufferUpToTheRetainedSizeIsKeptOnceWrittenAndALargerOneIsHeapAndReleased() throws IOException {
        OutboundBuffer out = OutboundBuffer.direct(16, 64);
        out.room(40).put(new byte[40]);
        ByteBuffer grown = out.buffer();
        assertTrue(grown.isDirect());
        out.writeTo(new TrickleChannel(1 << 20));
        out.releaseIfEmpty();
        assertSame(grown, out.buffer(), "within the retained size: kept");

        out.room(100).put(new byte[100]);
        assertTrue(!out.buffer().isDirect(), "past the retained size: heap");
        out.writeTo(new TrickleChannel(1 << 20));
        out.releaseIfEmpty();
        assertEquals(16, out.capacity());
        assertTrue(out.buffer().isDirect());
    }
}
