package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameWriterTest {
    private static final int MAX_PAYLOAD = 1 << 20;

    /** Small frames, two with empty payloads, so that cuts land in headers, payloads and right on boundaries. */
    private static final List<DecodedFrame> QUEUED = List.of(
            DecodedFrame.sample(FrameType.DATA, 1, 11L, 0, 5, 1),
            DecodedFrame.sample(FrameType.CONNECT, 0, 12L, 0, 0, 2),
            DecodedFrame.sample(FrameType.SEND, 0xFFFF, -3L, -1, 40, 3),
            DecodedFrame.sample(FrameType.CLOSE_REQUEST, 0, 13L, 2, 0, 4),
            DecodedFrame.sample(FrameType.DATA, 0, 14L, 3, 1, 5),
            DecodedFrame.sample(FrameType.DATA, 0, 15L, 3, 30, 6));
    private static final byte[] QUEUED_BYTES = DecodedFrame.encodeAll(QUEUED);

    @Test
    void appendedFramesAreWrittenAsTheExactWireEncoding() throws IOException {
        FrameWriter writer = new FrameWriter(16);
        writer.append(FrameType.SEND, 0x0102, 0x0A0B0C0D0E0F1011L, 7, new byte[] {'h', 'i', '!'}, 0, 3);
        ThrottledChannel channel = ThrottledChannel.unlimited();

        assertTrue(writer.flushTo(channel));

        assertEquals("d50e" + "01" + "04" + "0102" + "0000" + "00000003" + "0a0b0c0d0e0f1011" + "00000007" + "686921",
                HexFormat.of().formatHex(channel.received()));
    }

    @Test
    void everyAppendOverloadEncodesTheSameFrame() throws IOException, FrameFormatException {
        byte[] payload = {1, 2, 3, 4, 5, 6};
        FrameWriter writer = new FrameWriter(64);
        writer.append(FrameType.DATA, 0, 5L, 2, ByteBuffer.wrap(payload, 1, 4));
        writer.append(FrameType.DATA, 0, 5L, 2, payload, 1, 4);
        writer.append(FrameType.DATA, 5L, 2, Arrays.copyOfRange(payload, 1, 5));
        ThrottledChannel channel = ThrottledChannel.unlimited();

        writer.flushTo(channel);

        DecodedFrame expected = new DecodedFrame(FrameType.DATA, 0, 4, 5L, 2, new byte[] {2, 3, 4, 5});
        assertEquals(List.of(expected, expected, expected), FrameCollector.decode(channel.received(), MAX_PAYLOAD));
    }

    @Test
    void framesAppendedInOneTurnGoOutInOneWrite() throws IOException {
        FrameWriter writer = writerHolding(QUEUED);
        ThrottledChannel channel = ThrottledChannel.unlimited();

        assertTrue(writer.flushTo(channel));

        assertEquals(1, channel.writeCalls());
        assertArrayEquals(QUEUED_BYTES, channel.received());
    }

    @Test
    void flushingAnEmptyWriterWritesNothingAndReportsDone() throws IOException {
        FrameWriter writer = new FrameWriter(64);
        ThrottledChannel channel = ThrottledChannel.unlimited();

        assertTrue(writer.flushTo(channel));

        assertEquals(0, channel.writeCalls());
        assertEquals(0, writer.pending());
    }

    @Test
    void pendingCountsHeaderAndPayloadOfEveryAppendedFrame() {
        FrameWriter writer = new FrameWriter(8);
        assertEquals(0, writer.pending());

        writer.append(FrameType.DATA, 1L, 0, new byte[10]);
        assertEquals(34, writer.pending());

        writer.append(FrameType.CLOSE, 1L, 0, new byte[0]);
        assertEquals(58, writer.pending());
    }

    @ParameterizedTest(name = "{0} bytes per write call")
    @ValueSource(ints = {1, 2, 3, 7, 23, 24, 25, 100, 1000})
    void aSocketThatTakesFewBytesAtATimeReceivesTheExactEncoding(int perCall) throws IOException {
        FrameWriter writer = writerHolding(QUEUED);
        ThrottledChannel channel = new ThrottledChannel(perCall, 0);
        int roomPerTurn = 10;

        int turns = 0;
        boolean done = false;
        while (!done) {
            done = writer.flushTo(channel);
            int written = Math.min(turns * roomPerTurn, QUEUED_BYTES.length);
            assertEquals(written, channel.received().length);
            assertEquals(QUEUED_BYTES.length - written, writer.pending());
            assertEquals(written == QUEUED_BYTES.length, done, "flushTo's result after " + written + " bytes");
            channel.allow(roomPerTurn);
            turns++;
        }

        assertArrayEquals(QUEUED_BYTES, channel.received());
    }

    @Test
    void aFullSocketTakesNothingAndTheFlushReportsBytesLeft() throws IOException {
        FrameWriter writer = writerHolding(QUEUED);
        ThrottledChannel full = new ThrottledChannel(1000, 0);

        assertFalse(writer.flushTo(full));

        assertEquals(QUEUED_BYTES.length, writer.pending());
        assertEquals(0, full.received().length);
        assertTrue(writer.atFrameBoundary());
    }

    @Test
    void framesAppendedWhileACutFrameWaitsFollowItInOrder() throws IOException {
        FrameWriter writer = writerHolding(QUEUED.subList(0, 3));
        ThrottledChannel channel = new ThrottledChannel(1000, 40);
        writer.flushTo(channel);
        for (DecodedFrame f : QUEUED.subList(3, QUEUED.size())) {
            f.appendTo(writer);
        }

        channel.allow(Long.MAX_VALUE / 2);
        assertTrue(writer.flushTo(channel));

        assertArrayEquals(QUEUED_BYTES, channel.received());
    }

    @Test
    void atFrameBoundaryIsFalseExactlyWhenAPartialWriteCutAFrame() throws IOException {
        List<Integer> boundaries = frameBoundaries();
        for (int cut = 0; cut <= QUEUED_BYTES.length; cut++) {
            FrameWriter writer = writerHolding(QUEUED);

            writer.flushTo(new ThrottledChannel(7, cut));

            assertEquals(boundaries.contains(cut), writer.atFrameBoundary(), "after writing " + cut + " bytes");
            assertEquals(QUEUED_BYTES.length - cut, writer.pending(), "after writing " + cut + " bytes");
        }
    }

    @Test
    void atFrameBoundaryFollowsSeveralPartialWritesInARow() throws IOException {
        List<Integer> boundaries = frameBoundaries();
        for (int step = 1; step <= 31; step++) {
            FrameWriter writer = writerHolding(QUEUED);
            ThrottledChannel channel = new ThrottledChannel(step, 0);
            for (int written = 0; written < QUEUED_BYTES.length; ) {
                channel.allow(step);
                writer.flushTo(channel);
                written = Math.min(written + step, QUEUED_BYTES.length);
                assertEquals(boundaries.contains(written), writer.atFrameBoundary(), "steps of " + step + ", at " + written);
            }
        }
    }

    @Test
    void afterACutAtAnyOffsetTheNextPeerGetsExactlyTheFramesNeverStarted() throws IOException, FrameFormatException {
        for (int cut = 0; cut <= QUEUED_BYTES.length; cut++) {
            FrameWriter writer = writerHolding(QUEUED);
            ThrottledChannel deadPeer = new ThrottledChannel(1000, cut);
            writer.flushTo(deadPeer);

            writer.discardPartialFrame();
            ThrottledChannel nextPeer = ThrottledChannel.unlimited();
            assertTrue(writer.flushTo(nextPeer));

            assertArrayEquals(Arrays.copyOf(QUEUED_BYTES, cut), deadPeer.received(), "cut at " + cut);
            assertEquals(framesStartingAtOrAfter(cut), FrameCollector.decode(nextPeer.received(), MAX_PAYLOAD), "cut at " + cut);
            assertTrue(writer.atFrameBoundary(), "cut at " + cut);
        }
    }

    @Test
    void afterTwoPartialWritesTheNextPeerGetsExactlyTheFramesNeverStarted() throws IOException, FrameFormatException {
        for (int first = 1; first < QUEUED_BYTES.length; first += 3) {
            for (int second = 1; first + second <= QUEUED_BYTES.length; second += 5) {
                FrameWriter writer = writerHolding(QUEUED);
                ThrottledChannel deadPeer = new ThrottledChannel(1000, first);
                writer.flushTo(deadPeer);
                deadPeer.allow(second);
                writer.flushTo(deadPeer);

                writer.discardPartialFrame();
                ThrottledChannel nextPeer = ThrottledChannel.unlimited();
                writer.flushTo(nextPeer);

                String where = "cut at " + first + " then " + (first + second);
                assertEquals(framesStartingAtOrAfter(first + second), FrameCollector.decode(nextPeer.received(), MAX_PAYLOAD), where);
            }
        }
    }

    /** The writer keeps a read offset: after a cut anywhere, the walk over what is queued starts there, not at 0. */
    @Test
    void afterACutAtAnyOffsetFlaggedFramesAreFoundAndDroppedFromTheUnwrittenRestOnly() throws IOException, FrameFormatException {
        int flag = 0x8000;
        List<DecodedFrame> frames = List.of(
                DecodedFrame.sample(FrameType.SEND, flag, 1L, 0, 7, 31),
                DecodedFrame.sample(FrameType.SEND, 0, 2L, 0, 9, 32),
                DecodedFrame.sample(FrameType.SEND, flag, 1L, 0, 4, 33),
                DecodedFrame.sample(FrameType.CLOSE_REQUEST, 0, 2L, 0, 0, 34));
        byte[] all = DecodedFrame.encodeAll(frames);
        for (int cut = 0; cut <= all.length; cut++) {
            FrameWriter writer = writerHolding(frames);
            writer.flushTo(new ThrottledChannel(1000, cut));
            writer.discardPartialFrame();
            List<DecodedFrame> unstarted = new ArrayList<>();
            int start = 0;
            for (DecodedFrame f : frames) {
                if (start >= cut) {
                    unstarted.add(f);
                }
                start += FrameHeader.SIZE + f.payload().length;
            }
            boolean flaggedLeft = unstarted.stream().anyMatch(f -> (f.flags() & flag) != 0);
            assertEquals(flaggedLeft, writer.holdsFramesFlagged(flag), "cut at " + cut);
            int dropped = writer.discardFramesFlagged(flag);
            assertEquals(unstarted.stream().filter(f -> (f.flags() & flag) != 0).count(), dropped, "cut at " + cut);
            assertFalse(writer.holdsFramesFlagged(flag));
            ThrottledChannel nextPeer = ThrottledChannel.unlimited();
            writer.flushTo(nextPeer);
            assertEquals(unstarted.stream().filter(f -> (f.flags() & flag) == 0).toList(),
                    FrameCollector.decode(nextPeer.received(), MAX_PAYLOAD), "cut at " + cut);
        }
    }

    @Test
    void aPeerThatDiesMidWriteLeavesTheWriterReadyToDiscardTheCutFrame() throws IOException, FrameFormatException {
        int cut = FrameHeader.SIZE + 5 + 10; // inside the header of the second frame
        FrameWriter writer = writerHolding(QUEUED);
        ThrottledChannel dyingPeer = new ThrottledChannel(4, cut).failingWhenFull();

        assertThrows(IOException.class, () -> writer.flushTo(dyingPeer));

        assertEquals(QUEUED_BYTES.length - cut, writer.pending());
        assertFalse(writer.atFrameBoundary());
        writer.discardPartialFrame();
        ThrottledChannel nextPeer = ThrottledChannel.unlimited();
        writer.flushTo(nextPeer);
        assertEquals(QUEUED.subList(2, QUEUED.size()), FrameCollector.decode(nextPeer.received(), MAX_PAYLOAD));
    }

    @Test
    void discardingAtAFrameBoundaryDropsNothing() throws IOException {
        FrameWriter writer = writerHolding(QUEUED);
        int firstFrame = FrameHeader.SIZE + 5;
        writer.flushTo(new ThrottledChannel(1000, firstFrame));

        writer.discardPartialFrame();

        assertEquals(QUEUED_BYTES.length - firstFrame, writer.pending());
        ThrottledChannel nextPeer = ThrottledChannel.unlimited();
        writer.flushTo(nextPeer);
        assertArrayEquals(Arrays.copyOfRange(QUEUED_BYTES, firstFrame, QUEUED_BYTES.length), nextPeer.received());
    }

    @Test
    void aLargeFrameCutManyTimesStillArrivesWholeAndTheWriterShrinksBack() throws IOException, FrameFormatException {
        List<DecodedFrame> frames = List.of(
                DecodedFrame.sample(FrameType.SEND, 0, 1L, 0, 300_000, 20),
                DecodedFrame.sample(FrameType.SEND, 0, 1L, 0, 3, 21));
        FrameWriter writer = new FrameWriter(64);
        frames.forEach(f -> f.appendTo(writer));
        ThrottledChannel channel = new ThrottledChannel(65_536, 0);

        boolean done = false;
        while (!done) {
            channel.allow(100_003);
            done = writer.flushTo(channel);
        }

        assertEquals(frames, FrameCollector.decode(channel.received(), MAX_PAYLOAD));
        assertEquals(0, writer.pending());
        assertTrue(writer.atFrameBoundary());
    }

    private static FrameWriter writerHolding(List<DecodedFrame> frames) {
        FrameWriter writer = new FrameWriter(32);
        frames.forEach(f -> f.appendTo(writer));
        assertEquals(DecodedFrame.totalSize(frames), writer.pending());
        return writer;
    }

    /** Offsets in QUEUED_BYTES where a frame starts or the stream ends. */
    private static List<Integer> frameBoundaries() {
        List<Integer> boundaries = new ArrayList<>(List.of(0));
        int end = 0;
        for (DecodedFrame f : QUEUED) {
            end += FrameHeader.SIZE + f.payload().length;
            boundaries.add(end);
        }
        return boundaries;
    }

    private static List<DecodedFrame> framesStartingAtOrAfter(int offset) {
        List<DecodedFrame> never = new ArrayList<>();
        int start = 0;
        for (DecodedFrame f : QUEUED) {
            if (start >= offset) {
                never.add(f);
            }
            start += FrameHeader.SIZE + f.payload().length;
        }
        return never;
    }
}
