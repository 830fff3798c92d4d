package drover.common.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.payload.PayloadLimits;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkOutputTest {
    private static final int MIB = 1 << 20;
    private static final PayloadLimits LIMITS = new PayloadLimits(64 * 1024, 8 * MIB, 12 * MIB);

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 9));
        }
        return b;
    }

    @Test
    void largePayloadArrivesWholeInChunksOfAtMostOneMebibyte() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(200 * 1024, LIMITS);
        byte[] big = pattern(5 * MIB + 12345, 1);
        out.append(FrameType.SEND, FrameType.RESET_FLAG, 42, 3, big);
        link.pumpAll(out);
        assertEquals(1, link.received.size());
        LoopbackChannel.Received got = link.received.getFirst();
        assertArrayEquals(big, got.payload());
        assertEquals(new FrameHeader(FrameType.SEND, FrameType.RESET_FLAG, big.length, 42, 3), got.header(),
                "the joined frame looks as if it had travelled whole");
        assertEquals(6, link.wire.size());
        for (FrameHeader h : link.wire) {
            assertTrue(h.length() <= FrameHeader.MAX_CHUNK, "chunk of " + h.length());
            assertTrue((h.flags() & FrameHeader.CHUNK_FLAG) != 0);
        }
        assertEquals(0, link.input().assemblingBytes());
        assertTrue(out.isEmpty());
    }

    @Test
    void aLargePayloadFromTheCallersBufferIsCopiedIntoThePoolAndGoesBackOnceSent() throws Exception {
        BufferPool pool = new BufferPool(64 * 1024, 8 * MIB, 16 * MIB);
        LinkOutput out = new LinkOutput(LIMITS, null, pool, 1024);
        LoopbackChannel link = new LoopbackChannel(200 * 1024, LIMITS);
        byte[] big = pattern(3 * MIB + 5, 4);
        ByteBuffer callers = ByteBuffer.allocate(big.length + 20).position(10);
        callers.put(big).flip().position(10);
        out.append(FrameType.DATA, 0, 8, 0, callers);
        assertEquals(callers.limit(), callers.position(), "consumed, as a small frame would be");
        callers.put(10, new byte[big.length]); // the caller reuses its buffer at once
        link.pumpAll(out);
        assertArrayEquals(big, link.received.getFirst().payload());
        assertEquals(4 * MIB, pool.idleBytes(), "the copy went back to the pool");
    }

    @Test
    void aPooledPayloadLostWithItsPeerGoesBackToThePool() throws Exception {
        BufferPool pool = new BufferPool(64 * 1024, 8 * MIB, 16 * MIB);
        LinkOutput out = new LinkOutput(LIMITS, null, pool, 1024);
        out.append(FrameType.DATA, 0, 1, 0, ByteBuffer.wrap(pattern(2 * MIB, 1)));
        out.flushTo(new LoopbackChannel(300 * 1024, LIMITS));
        assertEquals(0, pool.idleBytes());
        assertEquals(1, out.discardForNewPeer());
        assertEquals(2 * MIB, pool.idleBytes());
    }

    @Test
    void payloadsUpToTheThresholdTravelWhole() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(MIB, LIMITS);
        out.append(FrameType.DATA, 0, 7, 0, pattern(64 * 1024, 2));
        out.append(FrameType.DATA, 0, 7, 0, pattern(64 * 1024 + 1, 3));
        link.pumpAll(out);
        assertEquals(0, link.wire.getFirst().flags());
        assertEquals(FrameHeader.CHUNK_FLAGS, link.wire.get(1).flags(), "one byte over: one chunk, first and last");
        assertArrayEquals(pattern(64 * 1024 + 1, 3), link.received.get(1).payload());
    }

    @Test
    void otherSessionsSmallFramesOvertakeALargePayload() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS);
        out.append(FrameType.DATA, 0, 1, 0, pattern(6 * MIB, 1));
        out.flushTo(link);
        link.deliver();
        out.append(FrameType.DATA, 0, 2, 0, pattern(100, 2)); // another session, appended mid-transfer
        link.pumpAll(out);
        assertEquals(List.of(2L, 1L), link.received.stream().map(r -> r.header().sessionId()).toList(),
                "the small packet is delivered before the large one is complete");
        int smallAt = indexOfSession(link.wire, 2);
        assertTrue(smallAt <= 2, "at most the chunk being written went before it, was at " + smallAt);
    }

    @Test
    void aSessionsLaterFramesWaitForItsLargePayload() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS);
        out.append(FrameType.DATA, 0, 1, 0, pattern(3 * MIB, 1));
        out.append(FrameType.DATA, 0, 1, 0, pattern(10, 2));
        out.append(FrameType.CLOSE, 0, 1, 0, new byte[0]);
        out.append(FrameType.DATA, 0, 9, 0, pattern(10, 3));
        link.pumpAll(out);
        assertEquals(List.of(9L, 1L, 1L, 1L), link.received.stream().map(r -> r.header().sessionId()).toList());
        assertEquals(3 * MIB, link.received.get(1).payload().length);
        assertArrayEquals(pattern(10, 2), link.received.get(2).payload());
        assertEquals(FrameType.CLOSE, link.received.get(3).header().type());
    }

    @Test
    void aFrameWithoutSessionWaitsForEverythingBeforeItButPipeMessagesOnlyForEachOther() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS);
        out.append(FrameType.PIPE_MESSAGE, 0, 0, 0, pattern(2 * MIB, 1));
        out.append(FrameType.DATA, 0, 5, 0, pattern(2 * MIB, 2));
        out.append(FrameType.PIPE_MESSAGE, 0, 0, 0, pattern(10, 3));
        out.append(FrameType.DRAIN, 0, 0, 0, new byte[0]);
        out.append(FrameType.DATA, 0, 6, 0, pattern(10, 4)); // behind the DRAIN
        link.pumpAll(out);
        List<FrameType> types = link.received.stream().map(r -> r.header().type()).toList();
        assertEquals(FrameType.DRAIN, types.get(3), types.toString());
        assertEquals(FrameType.DATA, types.get(4));
        List<Integer> pipeSizes = link.received.stream().filter(r -> r.header().type() == FrameType.PIPE_MESSAGE)
                .map(r -> r.payload().length).toList();
        assertEquals(List.of(2 * MIB, 10), pipeSizes, "pipe messages keep their order");
    }

    @Test
    void largePayloadsInFlightStayWithinTheReassemblyBound() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS);
        for (int s = 1; s <= 4; s++) {
            out.append(FrameType.DATA, 0, s, 0, pattern(5 * MIB, s));
        }
        long peak = 0;
        while (!out.flushTo(link)) {
            link.deliver();
            peak = Math.max(peak, link.input().assemblingBytes());
        }
        link.deliver();
        assertEquals(4, link.received.size());
        assertTrue(peak > 5 * MIB, "two 5 MiB payloads fit in 12 MiB at once: " + peak);
        assertTrue(peak <= LIMITS.reassemblyBound(), "peak " + peak);
        for (int s = 1; s <= 4; s++) {
            long session = s;
            byte[] got = link.received.stream().filter(r -> r.header().sessionId() == session).findFirst().orElseThrow().payload();
            assertArrayEquals(pattern(5 * MIB, s), got);
        }
    }

    @Test
    void aNewPeerGetsNoChunkWhoseStartWentToTheOldOne() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel dead = new LoopbackChannel(300 * 1024, LIMITS);
        out.append(FrameType.DATA, 0, 1, 0, pattern(4 * MIB, 1));
        out.append(FrameType.DATA, 0, 2, 0, pattern(100, 2));
        out.flushTo(dead); // part of the first chunk went to a worker that then died
        out.append(FrameType.DATA, 0, 3, 0, pattern(3 * MIB, 3));
        out.append(FrameType.DATA, 0, 1, 0, pattern(10, 4));
        assertEquals(1, out.discardForNewPeer(), "the started payload is lost with its peer");
        LoopbackChannel fresh = new LoopbackChannel(300 * 1024, LIMITS);
        fresh.pumpAll(out);
        // session 1's later packet no longer waits for the lost one; session 2's went out before the loss
        assertEquals(List.of(1L, 3L), fresh.received.stream().map(r -> r.header().sessionId()).toList());
        assertArrayEquals(pattern(10, 4), fresh.received.get(0).payload());
        assertArrayEquals(pattern(3 * MIB, 3), fresh.received.get(1).payload());
        assertEquals(0, fresh.input().assemblingBytes());
    }

    @Test
    void aSwitchOfPeerWaitsForAMessageBoundary() throws Exception {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS);
        out.append(FrameType.DATA, 0, 1, 0, pattern(3 * MIB, 1));
        out.flushTo(link);
        assertTrue(!out.atMessageBoundary());
        out.holdStarts(true);
        out.append(FrameType.DATA, 0, 2, 0, pattern(3 * MIB, 2));
        while (!out.atMessageBoundary()) {
            link.deliver();
            out.flushTo(link);
        }
        link.deliver();
        assertEquals(List.of(1L), link.received.stream().map(r -> r.header().sessionId()).toList(),
                "the started payload finished, the next did not start");
        out.holdStarts(false);
        LoopbackChannel next = new LoopbackChannel(256 * 1024, LIMITS);
        next.pumpAll(out);
        assertArrayEquals(pattern(3 * MIB, 2), next.received.getFirst().payload());
    }

    @Test
    void aPayloadOverTheLargestIsRefusedWithTheLimit() {
        LinkOutput out = new LinkOutput(LIMITS, 1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> out.append(FrameType.SEND, 0, 1, 0, new byte[8 * MIB + 1]));
        assertEquals("SEND payload of 8388609 bytes exceeds the 8388608-byte limit of a link message", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> out.append(FrameType.SEND, 0, 1, 0, ByteBuffer.allocate(8 * MIB + 1)));
    }

    @Test
    void aStoredPayloadCrossesAsAReferenceInItsPlace() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drover-link-test");
        try {
            drover.common.payload.TempFileStore store = new drover.common.payload.TempFileStore(dir, dir, 1);
            LinkOutput out = new LinkOutput(LIMITS, store, 1024);
            LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS, store);
            out.append(FrameType.SEND, FrameType.RESET_FLAG, 4, 2, pattern(3 * MIB, 1));
            out.append(FrameType.CLOSE_REQUEST, 0, 4, 2, new byte[0]);
            link.pumpAll(out);
            assertEquals(List.of(FrameType.PAYLOAD_REF, FrameType.CLOSE_REQUEST), link.wire.stream().map(FrameHeader::type).toList());
            assertEquals(new FrameHeader(FrameType.SEND, FrameType.RESET_FLAG, 3 * MIB, 4, 2), link.received.getFirst().header());
            assertArrayEquals(pattern(3 * MIB, 1), link.received.getFirst().payload());
            try (var left = java.nio.file.Files.list(dir)) {
                assertEquals(0, left.count(), "the receiver deleted the file");
            }
        } finally {
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void aStoreThatFailsCostsOnlySpeedThePayloadIsStreamed() throws Exception {
        drover.common.payload.PayloadStore full = new drover.common.payload.PayloadStore() {
            @Override
            public byte[] put(byte[] payload) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public byte[] take(ByteBuffer reference, int maxLength) {
                throw new AssertionError("nothing was stored");
            }

            @Override
            public String describe() {
                return "a full disk";
            }
        };
        LinkOutput out = new LinkOutput(LIMITS, full, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS, full);
        out.append(FrameType.DATA, 0, 4, 0, pattern(2 * MIB, 1));
        link.pumpAll(out);
        assertArrayEquals(pattern(2 * MIB, 1), link.received.getFirst().payload());
        assertEquals(1, out.storeFailures());
        assertTrue((link.wire.getFirst().flags() & FrameHeader.CHUNK_FLAG) != 0, "streamed in chunks");
    }

    @Test
    void aPayloadInAnShmRingCrossesAsAReferenceAndAPooledReaderUsesItInPlace() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drover-link-test");
        var store = new drover.common.payload.ShmRingStore(dir, dir, 1, 8 * MIB);
        LinkOutput out = new LinkOutput(LIMITS, store, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS, store, new BufferPool(64 * 1024, 8 * MIB, 16 * MIB));
        try {
            out.append(FrameType.SEND, 0, 4, 2, ByteBuffer.wrap(pattern(3 * MIB, 1)));
            out.append(FrameType.SEND, 0, 4, 2, pattern(3 * MIB, 2));
            link.pumpAll(out);
            assertEquals(List.of(FrameType.PAYLOAD_REF, FrameType.PAYLOAD_REF), link.wire.stream().map(FrameHeader::type).toList());
            assertEquals(new FrameHeader(FrameType.SEND, 0, 3 * MIB, 4, 2), link.received.getFirst().header());
            assertArrayEquals(pattern(3 * MIB, 1), link.received.get(0).payload());
            assertArrayEquals(pattern(3 * MIB, 2), link.received.get(1).payload());
            assertEquals(List.of(true, true), link.direct, "the sink reads the payload in the ring itself, no copy");
            out.append(FrameType.SEND, 0, 5, 2, pattern(3 * MIB, 3));
            out.append(FrameType.SEND, 0, 6, 2, pattern(3 * MIB, 4));
            link.pumpAll(out);
            assertEquals(List.of(FrameType.PAYLOAD_REF, FrameType.PAYLOAD_REF), link.wire.subList(2, 4).stream().map(FrameHeader::type).toList(),
                    "an 8 MiB ring took 12 MiB: the space released was reused");
            assertArrayEquals(pattern(3 * MIB, 4), link.received.get(3).payload());
            assertEquals(0, out.storeBusy());
        } finally {
            out.close();
            link.input.discardAssemblies();
            drover.common.payload.StoreDirs.deleteTree(dir);
        }
    }

    @Test
    void aPayloadAFullShmRingHasNoRoomForIsStreamedAndNothingIsLost() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drover-link-test");
        var store = new drover.common.payload.ShmRingStore(dir, dir, 1, 4 * MIB);
        LinkOutput out = new LinkOutput(LIMITS, store, 1024);
        LoopbackChannel link = new LoopbackChannel(256 * 1024, LIMITS, store);
        try {
            out.append(FrameType.SEND, 0, 4, 2, pattern(3 * MIB, 1)); // the ring's; not read before the next
            out.append(FrameType.SEND, 0, 5, 2, pattern(3 * MIB, 2));
            assertEquals(1, out.storeBusy());
            link.pumpAll(out);
            assertEquals(FrameType.PAYLOAD_REF, link.wire.getFirst().type());
            assertTrue((link.wire.get(1).flags() & FrameHeader.CHUNK_FLAG) != 0, "the second streamed in chunks");
            assertArrayEquals(pattern(3 * MIB, 1), link.received.get(0).payload());
            assertArrayEquals(pattern(3 * MIB, 2), link.received.get(1).payload());
            assertEquals(0, out.storeFailures(), "no room is no failure: nothing is logged");
        } finally {
            out.close();
            link.input.discardAssemblies();
            drover.common.payload.StoreDirs.deleteTree(dir);
        }
    }

    private static int indexOfSession(List<FrameHeader> wire, long session) {
        for (int i = 0; i < wire.size(); i++) {
            if (wire.get(i).sessionId() == session) {
                return i;
            }
        }
        return -1;
    }
}
