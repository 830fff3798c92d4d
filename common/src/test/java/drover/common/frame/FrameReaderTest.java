package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameReaderTest {
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Payload sizes 0, tiny, header-sized, and one over the reader's initial 64 KiB buffer. */
    private static final List<DecodedFrame> MIXED = List.of(
            DecodedFrame.sample(FrameType.HELLO, 0, 0L, 2, 13, 1),
            DecodedFrame.sample(FrameType.CONNECT, 1, 1L, 0, 0, 2),
            DecodedFrame.sample(FrameType.DATA, 0xFFFF, -1L, -1, 24, 3),
            DecodedFrame.sample(FrameType.DATA, 2, Long.MIN_VALUE, 7, INITIAL_BUFFER + 1000, 4),
            DecodedFrame.sample(FrameType.SEND, 3, 42L, 1, 1, 5),
            DecodedFrame.sample(FrameType.CLOSE, 0, 43L, 1, 0, 6),
            DecodedFrame.sample(FrameType.DRAIN, 0, 0L, 0, 0, 7));

    @Test
    void aWholeStreamInOneFeedYieldsEveryFrameInOrder() throws FrameFormatException {
        assertEquals(MIXED, FrameCollector.decode(DecodedFrame.encodeAll(MIXED), MAX_PAYLOAD));
    }

    @Test
    void aStreamSplitInTwoAtEveryOffsetYieldsTheSameFrames() throws FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED);
        FrameReader reader = new FrameReader(MAX_PAYLOAD); // one reader, as on a link: the stream comes again per split
        for (int split = 0; split <= stream.length; split++) {
            ExpectingSink sink = new ExpectingSink(MIXED, split);

            reader.feed(ByteBuffer.wrap(stream, 0, split), sink);
            int deliveredAfterFirstPiece = sink.delivered;
            reader.feed(ByteBuffer.wrap(stream, split, stream.length - split), sink);

            assertEquals(completeFramesIn(split), deliveredAfterFirstPiece, "split at " + split);
            assertEquals(MIXED.size(), sink.delivered, "split at " + split);
            assertEquals(0, reader.buffered(), "split at " + split);
        }
    }

    @Test
    void aStreamFedOneByteAtATimeYieldsTheSameFrames() throws FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED);
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        for (int i = 0; i < stream.length; i++) {
            reader.feed(ByteBuffer.wrap(stream, i, 1), collector);
            assertEquals(completeFramesIn(i + 1), collector.frames.size(), "after byte " + i);
        }

        assertEquals(MIXED, collector.frames);
        assertEquals(0, reader.buffered());
    }

    @Test
    void bufferedCountsTheBytesOfTheUnfinishedFrame() throws FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED);
        int firstTwoFrames = FrameHeader.SIZE + 13 + FrameHeader.SIZE;
        FrameReader reader = new FrameReader(MAX_PAYLOAD);
        FrameCollector collector = new FrameCollector();

        reader.feed(ByteBuffer.wrap(stream, 0, firstTwoFrames + 30), collector);

        assertEquals(MIXED.subList(0, 2), collector.frames);
        assertEquals(30, reader.buffered());
    }

    @Test
    void manySmallFramesInOneFeedAreAllDelivered() throws FrameFormatException {
        List<DecodedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            frames.add(DecodedFrame.sample(FrameType.DATA, i & 0xFFFF, i + 1L, i % 4, i % 11, i));
        }

        assertEquals(frames, FrameCollector.decode(DecodedFrame.encodeAll(frames), MAX_PAYLOAD));
    }

    @Test
    void aFrameSeveralTimesLargerThanTheInitialBufferIsDeliveredWhole() throws FrameFormatException {
        List<DecodedFrame> frames = List.of(
                DecodedFrame.sample(FrameType.SEND, 0, 9L, 1, 5 * INITIAL_BUFFER + 17, 11),
                DecodedFrame.sample(FrameType.SEND, 0, 9L, 1, 3, 12));

        assertEquals(frames, FrameCollector.decode(DecodedFrame.encodeAll(frames), MAX_PAYLOAD));
    }

    @Test
    void aPayloadOfExactlyMaxPayloadIsAccepted() throws FrameFormatException {
        List<DecodedFrame> frames = List.of(DecodedFrame.sample(FrameType.DATA, 0, 1L, 0, 1000, 13));

        assertEquals(frames, FrameCollector.decode(DecodedFrame.encodeAll(frames), 1000));
    }

    @ParameterizedTest(name = "chunks of {0} bytes, idle reads between chunks: {1}")
    @CsvSource({"1, false", "7, true", "24, false", "4093, true", "65536, false", "1000000, false"})
    void readFromAChannelHandingOutChunksYieldsTheSameFramesThenEof(int chunk, boolean idle)
            throws IOException, FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED);
        ChunkedChannel channel = new ChunkedChannel(stream, chunk, idle);
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        long total = 0;
        int n;
        while ((n = reader.readFrom(channel, collector)) >= 0) {
            assertTrue(n <= chunk, "read " + n + " bytes from chunks of " + chunk);
            total += n;
        }

        assertEquals(-1, n);
        assertEquals(stream.length, total);
        assertEquals(MIXED, collector.frames);
        assertEquals(0, reader.buffered());
    }

    @Test
    void readFromReturnsZeroAndDeliversNothingWhenTheChannelHasNoBytesYet() throws IOException, FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED.subList(0, 1));
        ChunkedChannel channel = new ChunkedChannel(stream, stream.length, true);
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        assertEquals(stream.length, reader.readFrom(channel, collector));
        assertEquals(0, reader.readFrom(channel, collector));
        assertEquals(-1, reader.readFrom(channel, collector));

        assertEquals(MIXED.subList(0, 1), collector.frames);
    }

    @Test
    void readFromReportsEofWhileAPartialFrameIsStillBuffered() throws IOException, FrameFormatException {
        byte[] stream = DecodedFrame.encodeAll(MIXED.subList(0, 1));
        byte[] truncated = Arrays.copyOf(stream, stream.length - 1);
        ChunkedChannel channel = new ChunkedChannel(truncated, 1024, false);
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        assertEquals(truncated.length, reader.readFrom(channel, collector));
        assertEquals(-1, reader.readFrom(channel, collector));

        assertEquals(List.of(), collector.frames);
        assertEquals(truncated.length, reader.buffered());
    }

    @Test
    void aBadHeaderMidStreamThrowsAfterDeliveringTheFramesBeforeIt() {
        byte[] good = DecodedFrame.encodeAll(MIXED.subList(0, 3));
        byte[] badMagic = DecodedFrame.sample(FrameType.DATA, 0, 1L, 0, 4, 9).encode();
        badMagic[1] = 0x0F;
        ByteBuffer stream = ByteBuffer.allocate(good.length + badMagic.length).put(good).put(badMagic).flip();
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        FrameFormatException e = assertThrows(FrameFormatException.class, () -> reader.feed(stream, collector));

        assertTrue(e.getMessage().contains("0xd50f"), e.getMessage());
        assertEquals(MIXED.subList(0, 3), collector.frames);
    }

    @Test
    void aBadHeaderIsDetectedAsSoonAsItsTwentyFourBytesHaveArrived() throws FrameFormatException {
        byte[] oversized = DecodedFrame.sample(FrameType.DATA, 0, 1L, 0, 2000, 10).encode();
        FrameReader reader = new FrameReader(1000);
        FrameCollector collector = new FrameCollector();

        reader.feed(ByteBuffer.wrap(oversized, 0, FrameHeader.SIZE - 1), collector);
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> reader.feed(ByteBuffer.wrap(oversized, FrameHeader.SIZE - 1, 1), collector));

        assertEquals("frame payload length 2000 outside 0..1000 (DATA)", e.getMessage());
        assertEquals(List.of(), collector.frames);
    }

    @Test
    void aBadHeaderArrivingThroughReadFromThrows() {
        byte[] unknownType = DecodedFrame.sample(FrameType.DATA, 0, 1L, 0, 0, 0).encode();
        unknownType[3] = 99;
        ChunkedChannel channel = new ChunkedChannel(unknownType, 5, false);
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        FrameFormatException e = assertThrows(FrameFormatException.class, () -> {
            while (reader.readFrom(channel, new FrameCollector()) >= 0) {
                // keep reading until the header is complete
            }
        });

        assertEquals("unknown frame type 99", e.getMessage());
    }

    @Test
    void readingFramesAllocatesNothingPerFrame() throws FrameFormatException {
        List<DecodedFrame> small = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            small.add(DecodedFrame.sample(FrameType.SEND, 0, 1_000_000L + i, 0, 64, i));
        }
        ByteBuffer stream = ByteBuffer.allocateDirect(DecodedFrame.totalSize(small)).put(DecodedFrame.encodeAll(small));
        FrameReader reader = new FrameReader(MAX_PAYLOAD);
        SummingSink sink = new SummingSink();
        feedRepeatedly(reader, stream, sink, 1_000); // the first rounds allocate the reader's buffer and view

        long before = allocatedBytes();
        feedRepeatedly(reader, stream, sink, 1_000);
        long allocated = allocatedBytes() - before;

        // before the reader reused them, a header and a payload slice per frame came to 10.4 MB here
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated reading 100,000 frames");
        assertEquals(200_000L * 64, sink.bytes);
    }

    @Test
    void theHeaderASinkIsGivenIsReusedAndACopyKeepsItsValues() throws FrameFormatException {
        List<FrameHeader> given = new ArrayList<>();
        List<FrameHeader> copies = new ArrayList<>();
        FrameReader reader = new FrameReader(MAX_PAYLOAD);

        reader.feed(ByteBuffer.wrap(DecodedFrame.encodeAll(MIXED.subList(0, 3))), (header, payload) -> {
            given.add(header);
            copies.add(header.copy());
        });

        assertSame(given.get(0), given.get(2));
        assertEquals(new FrameHeader(FrameType.HELLO, 0, 13, 0L, 2), copies.get(0));
        assertEquals(new FrameHeader(FrameType.DATA, 0xFFFF, 24, -1L, -1), copies.get(2));
    }

    private static void feedRepeatedly(FrameReader reader, ByteBuffer stream, FrameSink sink, int times)
            throws FrameFormatException {
        for (int i = 0; i < times; i++) {
            reader.feed(stream.clear(), sink);
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Reads every payload relatively, as sinks must: the view's position is where the payload starts. */
    private static final class SummingSink implements FrameSink {
        long bytes;

        @Override
        public void onFrame(FrameHeader header, ByteBuffer payload) {
            while (payload.hasRemaining()) {
                payload.get();
                bytes++;
            }
        }
    }

    /** Checks each frame against the expected one in place, without copying the payload out. */
    private static final class ExpectingSink implements FrameSink {
        private final List<DecodedFrame> expected;
        private final int split;
        int delivered;

        ExpectingSink(List<DecodedFrame> expected, int split) {
            this.expected = expected;
            this.split = split;
        }

        @Override
        public void onFrame(FrameHeader header, ByteBuffer payload) {
            String where = "frame " + delivered + " with the stream split at " + split;
            assertTrue(delivered < expected.size(), "extra " + where);
            DecodedFrame want = expected.get(delivered++);
            assertEquals(new FrameHeader(want.type(), want.flags(), want.length(), want.sessionId(), want.workerId()), header, where);
            assertEquals(ByteBuffer.wrap(want.payload()), payload, where);
        }
    }

    /** How many frames of MIXED end at or before byte offset {@code bytes} of its encoding. */
    private static int completeFramesIn(int bytes) {
        int count = 0;
        int end = 0;
        for (DecodedFrame f : MIXED) {
            end += FrameHeader.SIZE + f.payload().length;
            if (end <= bytes) {
                count++;
            }
        }
        return count;
    }
}
