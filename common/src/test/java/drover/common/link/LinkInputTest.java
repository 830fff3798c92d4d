package drover.common.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.payload.InPlaceInput;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks that no LinkOutput would send: each is refused with a reason, before anything large is allocated. */
class LinkInputTest {
    private static final int MIB = 1 << 20;
    private static final PayloadLimits LIMITS = new PayloadLimits(64 * 1024, 8 * MIB, 12 * MIB);

    private final List<FrameHeader> delivered = new ArrayList<>();
    private final LinkInput input = new LinkInput(LIMITS, (h, p) -> delivered.add(h.copy()));

    private static FrameHeader first(long session, int totalPlusChunk) {
        return new FrameHeader(FrameType.DATA, FrameHeader.CHUNK_FLAGS, totalPlusChunk, session, 0);
    }

    private static ByteBuffer firstPayload(int total, int carried) {
        return ByteBuffer.allocate(4 + carried).putInt(0, total);
    }

    @Test
    void aChunkWithoutItsFirstIsRefused() {
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> input.onFrame(
                new FrameHeader(FrameType.DATA, FrameHeader.CHUNK_FLAG, 10, 5, 0), ByteBuffer.allocate(10)));
        assertEquals("a chunk of a large DATA for session 5 came without its first chunk", e.getMessage());
    }

    @Test
    void aSecondFirstChunkForTheSameSessionIsRefused() throws Exception {
        input.onFrame(first(5, 104), firstPayload(200_000, 100));
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> input.onFrame(first(5, 104), firstPayload(200_000, 100)));
        assertTrue(e.getMessage().contains("a second large DATA began for session 5"), e.getMessage());
    }

    @Test
    void aTotalOverTheLargestIsRefusedBeforeAllocating() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> input.onFrame(first(5, 104), firstPayload(-1, 100)));
        assertEquals("large DATA of 4294967295 bytes outside 100..8388608 (its first chunk carries 100)", e.getMessage());
    }

    @Test
    void payloadsInProgressPastTheBoundAreRefused() throws Exception {
        input.onFrame(first(1, 104), firstPayload(8 * MIB, 100));
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> input.onFrame(first(2, 104), firstPayload(5 * MIB, 100)));
        assertTrue(e.getMessage().endsWith("to 13631488 bytes, over the bound of 12582912"), e.getMessage());
    }

    @Test
    void aChunkThatOverrunsItsPayloadIsRefused() throws Exception {
        input.onFrame(first(1, 104), firstPayload(150, 100));
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> input.onFrame(
                new FrameHeader(FrameType.DATA, FrameHeader.CHUNK_FLAG, 51, 1, 0), ByteBuffer.allocate(51)));
        assertEquals("a chunk of 51 bytes overruns a large DATA missing only 50", e.getMessage());
    }

    @Test
    void aFirstChunkTooShortForItsLengthIsRefused() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> input.onFrame(first(1, 3), ByteBuffer.allocate(3)));
        assertEquals("first chunk of a DATA has 3 bytes, too few for its length", e.getMessage());
    }

    @Test
    void framesWithoutTheChunkFlagPassStraightThrough() throws Exception {
        FrameHeader plain = new FrameHeader(FrameType.CLOSE, 0, 0, 9, 1);
        input.onFrame(plain, ByteBuffer.allocate(0));
        assertEquals(List.of(plain), delivered);
    }

    @Test
    void withAPoolAJoinedPayloadIsLentToTheSinkAndGoesBackWhenItReturns() throws Exception {
        BufferPool pool = new BufferPool(64 * 1024, 8 * MIB, 16 * MIB);
        List<String> seen = new ArrayList<>();
        LinkInput pooled = new LinkInput(LIMITS, null, pool, (h, p) -> {
            seen.add(h.length() + " bytes, first " + p.get(p.position()) + ", last " + p.get(p.limit() - 1)
                    + ", direct " + p.isDirect() + ", pool idle " + pool.idleBytes());
        });
        ByteBuffer first = ByteBuffer.allocate(4 + 100_000).putInt(150_000).put(0, (byte) 0).put(4, (byte) 7).position(0);
        pooled.onFrame(first(3, first.remaining()), first);
        ByteBuffer rest = ByteBuffer.allocate(50_000).put(49_999, (byte) 9);
        pooled.onFrame(new FrameHeader(FrameType.DATA, FrameHeader.CHUNK_FLAG, 50_000, 3, 0), rest);
        assertEquals(List.of("150000 bytes, first 7, last 9, direct true, pool idle 0"), seen);
        assertEquals(256 * 1024, pool.idleBytes(), "back in the pool once the sink returned");
        assertEquals(0, pooled.assemblingBytes());
        assertEquals(1, pooled.joinedPayloads());
        assertEquals(0, pooled.takenPayloads());
    }

    /** A store that lends one payload in place and can hand it back: what LinkInput asks of a ring reader. */
    private static final class LendingStore implements InPlaceInput {
        final ByteBuffer stored = ByteBuffer.allocateDirect(100_000);
        int released;
        int handedBack;

        @Override
        public byte[] put(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] take(ByteBuffer reference, int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer open(ByteBuffer reference, int maxLength) {
            return stored.clear();
        }

        @Override
        public void release() {
            released++;
        }

        @Override
        public byte[] handBack() {
            handedBack++;
            return new byte[] {42};
        }

        @Override
        public void closeLink() {
        }

        @Override
        public String describe() {
            return "a lending store";
        }
    }

    @Test
    void onlyTheStoredPayloadLentNowWholeAndOnceIsHandedBack() throws Exception {
        LendingStore store = new LendingStore();
        List<String> answers = new ArrayList<>();
        LinkInput[] self = new LinkInput[1];
        self[0] = new LinkInput(LIMITS, store, new BufferPool(64 * 1024, MIB, MIB), (h, p) -> {
            answers.add(String.valueOf(self[0].handBack(p.duplicate()) == null)); // another buffer: a copy
            p.position(1);
            answers.add(String.valueOf(self[0].handBack(p) == null)); // moved: part of it, a copy
            p.position(0);
            answers.add(java.util.Arrays.toString(self[0].handBack(p))); // the very payload, whole
            answers.add(String.valueOf(self[0].handBack(p) == null)); // a second send of it: a copy
        });
        byte[] reference = {(byte) FrameType.DATA.code(), 1, 2, 3};
        self[0].onFrame(new FrameHeader(FrameType.PAYLOAD_REF, 0, reference.length, 5, 0), ByteBuffer.wrap(reference));
        assertEquals(List.of("true", "true", "[42]", "true"), answers);
        assertEquals(1, store.handedBack);
        assertEquals(1, store.released, "release still runs; the store knows not to free what it handed back");
        assertEquals(null, self[0].handBack(store.stored), "after the call nothing is lent");
        assertEquals(1, self[0].takenPayloads());
        assertEquals(0, self[0].joinedPayloads());
    }

    @Test
    void payloadsStillArrivingGiveTheirPooledBuffersBackWhenTheLinkGoes() throws Exception {
        BufferPool pool = new BufferPool(64 * 1024, 8 * MIB, 16 * MIB);
        LinkInput pooled = new LinkInput(LIMITS, null, pool, (h, p) -> delivered.add(h.copy()));
        pooled.onFrame(first(3, 104), firstPayload(150_000, 100));
        assertEquals(0, pool.idleBytes());
        pooled.discardAssemblies();
        assertEquals(256 * 1024, pool.idleBytes());
        assertEquals(0, pooled.assemblingBytes());
        assertTrue(delivered.isEmpty());
    }
}
