package drover.common.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShmRingStoreTest {
    private static final int MAX = 64 << 20;

    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();
    private final long[] now = {0};
    private final java.util.ArrayList<Runnable> opened = new java.util.ArrayList<>();

    /** Every writer and reader a test made lets go of its rings, even when the test failed. */
    @AfterEach
    void closeEverything() {
        opened.forEach(Runnable::run);
    }

    private Path shm() {
        return tmp.resolve("shm");
    }

    private ShmRingStore store(long pid, long capacity) {
        return new ShmRingStore(shm(), runDir, pid, capacity);
    }

    private ShmRingWriter writer(long capacity) {
        ShmRingWriter writer = new ShmRingWriter(store(4711, capacity), () -> now[0]);
        opened.add(writer::closeLink);
        return writer;
    }

    private ShmRingReader reader() {
        ShmRingReader reader = (ShmRingReader) store(99, 1 << 20).forInput();
        opened.add(reader::closeLink);
        return reader;
    }

    private List<Path> rings() throws IOException {
        if (!Files.isDirectory(shm())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(shm())) {
            return s.sorted().toList();
        }
    }

    private static byte[] random(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return copy;
    }

    @Test
    void aPayloadCrossesThroughAnOwnerOnlyRingMadeOnTheFirstPut() throws Exception {
        ShmRingWriter writer = writer(4 << 20);
        assertEquals(List.of(), rings(), "nothing is mapped before the first large payload");
        byte[] payload = random(3 * 1024 * 1024 + 5, 1);
        byte[] ref = writer.put(payload);
        Path ring = rings().getFirst();
        assertTrue(ring.getFileName().toString().matches("drover-[0-9a-f]{8}-4711-1\\.ring"), ring.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shm())));
        assertArrayEquals(payload, reader().take(ByteBuffer.wrap(ref), MAX));
    }

    @Test
    void anOpenedPayloadIsReadInPlaceAndItsSpaceComesBackOnRelease() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ShmRingReader reader = reader();
        byte[] first = random(600_000, 1);
        ByteBuffer view = reader.open(ByteBuffer.wrap(writer.put(ByteBuffer.wrap(first))), MAX);
        assertTrue(view.isDirect(), "a view of the mapped ring, not a copy");
        assertArrayEquals(first, bytes(view));
        assertNull(writer.put(random(600_000, 2)), "no room while the first is in use: the caller streams it");
        reader.release();
        byte[] second = random(600_000, 3);
        byte[] ref = writer.put(second);
        assertNotNull(ref, "room again once the reader let go");
        assertArrayEquals(second, reader.take(ByteBuffer.wrap(ref), MAX));
        assertEquals(1, rings().size(), "the same ring, reused");
    }

    @Test
    void spaceFreedOutOfOrderIsReusedOnlyUpToTheOldestPayloadStillInUse() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        byte[] a = writer.put(new byte[300_000]);
        byte[] b = writer.put(new byte[300_000]);
        byte[] c = writer.put(new byte[300_000]);
        ShmRingReader reader = reader();
        reader.take(ByteBuffer.wrap(b), MAX);
        reader.take(ByteBuffer.wrap(c), MAX);
        assertNull(writer.put(new byte[300_000]), "b and c are free, but a still holds the start of the lap");
        reader.take(ByteBuffer.wrap(a), MAX);
        byte[] wrapped = random(300_000, 4);
        byte[] ref = writer.put(wrapped);
        assertNotNull(ref);
        assertArrayEquals(wrapped, reader.take(ByteBuffer.wrap(ref), MAX), "a payload that starts the next lap");
    }

    @Test
    void aPayloadThatDoesNotFitBeforeTheEndStartsTheNextLapWhole() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ShmRingReader reader = reader();
        for (int i = 0; i < 20; i++) { // 20 x 400 KB through a 1 MiB ring: every other payload skips a lap's tail
            byte[] payload = random(400_000 + i, i);
            byte[] ref = writer.put(payload);
            assertNotNull(ref, "payload " + i);
            ByteBuffer view = reader.open(ByteBuffer.wrap(ref), MAX);
            assertArrayEquals(payload, bytes(view), "payload " + i);
            reader.release();
        }
    }

    @Test
    void lentSpaceFilledInPlaceIsStoredWithoutACopyAndSpaceGivenBackIsFree() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ShmRingReader reader = reader();
        ByteBuffer space = writer.lend(700_000);
        assertTrue(space.isDirect() && space.capacity() == 700_000, space.toString());
        byte[] payload = random(700_000, 5);
        space.put(payload).flip();
        byte[] ref = writer.put(space);
        assertEquals(space.limit(), space.position(), "stored: consumed like any payload");
        assertArrayEquals(payload, reader.take(ByteBuffer.wrap(ref), MAX));
        writer.giveBack(space); // once stored, giving back frees nothing twice

        ByteBuffer abandoned = writer.lend(700_000); // a client that closed mid-packet
        assertNull(writer.put(new byte[700_000]), "the lent space is in use");
        writer.giveBack(abandoned);
        assertNotNull(writer.put(new byte[700_000]), "given back, it is free");
    }

    @Test
    void lentSpaceHandedOverInPartIsCopiedAndStaysLent() throws Exception {
        ShmRingWriter writer = writer(4 << 20);
        ByteBuffer space = writer.lend(1000);
        space.put(random(1000, 6)).flip().position(10);
        byte[] ref = writer.put(space);
        assertArrayEquals(java.util.Arrays.copyOfRange(random(1000, 6), 10, 1000), reader().take(ByteBuffer.wrap(ref), MAX));
        writer.giveBack(space);
    }

    @Test
    void aRetiredRingIsNeverUnmappedUnderSpaceStillLent() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ByteBuffer space = writer.lend(1000); // a slow client is filling it
        writer.peerChanged();
        now[0] += 2 * ShmRingWriter.RETIRED_GRACE_NANOS;
        writer.put(new byte[10]);
        assertEquals(1, writer.retiredRings(), "kept while lent, whatever the grace");
        space.put(random(1000, 7)).flip(); // still mapped: no fault
        byte[] ref = writer.put(space);
        assertArrayEquals(random(1000, 7), reader().take(ByteBuffer.wrap(ref), MAX), "stored in the old ring, read by the new peer");
        writer.put(new byte[10]);
        assertEquals(0, writer.retiredRings());
    }

    @Test
    void anIdleRingWithNothingInUseGivesItsMemoryBackAndWorksOn() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ShmRingReader reader = reader();
        byte[] held = writer.put(random(100_000, 1));
        now[0] += ShmRingWriter.IDLE_TRIM_NANOS;
        writer.trimIdle(now[0]);
        assertTrue(writer.holdsTouchedPages(), "not while a payload is in use");
        reader.take(ByteBuffer.wrap(held), MAX);
        reader.take(ByteBuffer.wrap(writer.put(new byte[10])), MAX); // at 10 s
        writer.trimIdle(now[0] + ShmRingWriter.IDLE_TRIM_NANOS - 1);
        assertTrue(writer.holdsTouchedPages(), "the idle time counts from the last payload");
        try (ShmRing view = ShmRing.open(rings().getFirst())) {
            assertArrayEquals(random(100_000, 1), view.read(0, 100_000), "the pages are still there");
            writer.trimIdle(now[0] + ShmRingWriter.IDLE_TRIM_NANOS);
            assertTrue(!writer.holdsTouchedPages());
            assertArrayEquals(new byte[100_000], view.read(0, 100_000), "the pages were dropped: they read as zeros");
            assertEquals(ShmRing.HEADER + (1 << 20), Files.size(rings().getFirst()), "full size again, sparse");
        }
        byte[] next = random(700_000, 2);
        assertArrayEquals(next, reader.take(ByteBuffer.wrap(writer.put(next)), MAX), "and the ring works on");
    }

    @Test
    void aPayloadLargerThanTheRingIsLeftToTheCallerAndMakesNoRing() throws Exception {
        assertNull(writer(1 << 20).put(new byte[(1 << 20) + 1]));
        assertEquals(List.of(), rings(), "no ring is made (and written whole) for a payload it could never hold");
    }

    @Test
    void aPayloadHandedBackIsReadThroughItsWritersOwnMappingAndFreedThere() throws Exception {
        ShmRingStore home = store(4711, 1 << 20);
        ShmRingWriter writer = new ShmRingWriter(home, () -> now[0]);
        opened.add(writer::closeLink);
        ShmRingReader homeInput = (ShmRingReader) home.forInput();
        opened.add(homeInput::closeLink);
        ShmRingReader peer = reader();
        assertNull(peer.handBack(), "nothing open, nothing to hand back");
        byte[] payload = random(600_000, 5);
        byte[] reference = writer.put(payload);
        peer.open(ByteBuffer.wrap(reference), MAX);
        byte[] back = peer.handBack();
        assertArrayEquals(reference, back, "the very reference its writer gave");
        assertNull(peer.handBack(), "once only");
        peer.release();
        assertNull(writer.put(random(600_000, 6)), "handed back, not freed: still in use");
        ByteBuffer view = homeInput.open(ByteBuffer.wrap(back), MAX);
        assertArrayEquals(payload, bytes(view));
        assertEquals(0, homeInput.mappedRings(), "no second mapping of the process's own ring");
        assertEquals(1, home.handedBackPayloads());
        homeInput.release();
        assertNotNull(writer.put(random(600_000, 7)), "free once the writer's side used it");
    }

    @Test
    void aDeletedOwnRingIsNoLongerFoundByName() throws Exception {
        ShmRingStore home = store(4711, 1 << 20);
        ShmRingWriter writer = new ShmRingWriter(home, () -> now[0]);
        opened.add(writer::closeLink);
        byte[] reference = writer.put(random(1000, 8));
        String name = rings().getFirst().getFileName().toString();
        assertNotNull(home.ownRing(name));
        assertNull(store(4712, 1 << 20).ownRing(name), "another process's store does not own it");
        writer.closeLink();
        assertNull(home.ownRing(name));
        ShmRingReader homeInput = (ShmRingReader) home.forInput();
        opened.add(homeInput::closeLink);
        assertThrows(IOException.class, () -> homeInput.open(ByteBuffer.wrap(reference), MAX), "gone: a lost payload, said so");
    }

    @Test
    void badReferencesAreFrameErrorsThatSayWhatIsWrong() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        ShmRingReader reader = reader();
        byte[] good = writer.put(new byte[100_000]);
        String name = rings().getFirst().getFileName().toString();

        FrameFormatException notOurs = assertThrows(FrameFormatException.class,
                () -> reader.take(ByteBuffer.wrap(ShmRingStore.reference("../etc/passwd", 0, 10)), MAX));
        assertTrue(notOurs.getMessage().contains("'../etc/passwd' is not a drover-"), notOurs.getMessage());

        FrameFormatException tooLarge = assertThrows(FrameFormatException.class,
                () -> reader.take(ByteBuffer.wrap(good), 1000));
        assertTrue(tooLarge.getMessage().contains("claims 100000 bytes, over the 1000-byte limit"), tooLarge.getMessage());

        FrameFormatException nowhere = assertThrows(FrameFormatException.class,
                () -> reader.take(ByteBuffer.wrap(ShmRingStore.reference(name, 4096, 100_000)), MAX));
        assertTrue(nowhere.getMessage().contains("names no payload in use in ring " + name), nowhere.getMessage());

        FrameFormatException cut = assertThrows(FrameFormatException.class,
                () -> reader.take(ByteBuffer.wrap(good, 0, good.length - 1), MAX));
        assertTrue(cut.getMessage().contains("expected"), cut.getMessage());

        reader.take(ByteBuffer.wrap(good), MAX);
        FrameFormatException twice = assertThrows(FrameFormatException.class, () -> reader.take(ByteBuffer.wrap(good), MAX));
        assertTrue(twice.getMessage().contains("names no payload in use"), "a payload is taken once: " + twice.getMessage());
    }

    @Test
    void aRingThatIsGoneIsAnIoErrorThatNamesIt() throws Exception {
        byte[] ref = writer(1 << 20).put(new byte[10]);
        Path ring = rings().getFirst();
        Files.delete(ring);
        IOException e = assertThrows(IOException.class, () -> reader().take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains(ring + " is gone"), e.getMessage());
    }

    @Test
    void aRingThatCannotBeMadeGivesAClearErrorAndLeavesNothing() throws Exception {
        Files.createDirectories(shm().getParent());
        Files.writeString(shm(), "a file where shm_dir should be");
        IOException e = assertThrows(IOException.class, () -> writer(1 << 20).put(new byte[10]));
        assertNotNull(e.getMessage());
        assertEquals("a file where shm_dir should be", Files.readString(shm()));
    }

    @Test
    void aNewPeerGetsANewRingAndTheOldOneGoesOnceItsPayloadsAreRead() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        PayloadStore oldPeer = reader();
        byte[] read = writer.put(random(1000, 1));
        byte[] queued = writer.put(random(1000, 2));
        oldPeer.take(ByteBuffer.wrap(read), MAX);
        writer.peerChanged();
        byte[] fresh = writer.put(random(1000, 3));
        assertEquals(2, rings().size(), "the old ring waits for its last payload");
        PayloadStore newPeer = reader();
        assertArrayEquals(random(1000, 2), newPeer.take(ByteBuffer.wrap(queued), MAX), "queued for the old peer, read by the new");
        assertArrayEquals(random(1000, 3), newPeer.take(ByteBuffer.wrap(fresh), MAX));
        writer.put(new byte[10]);
        assertEquals(1, rings().size(), "the old ring went once nothing in it was in use");
        assertEquals(0, writer.retiredRings());
    }

    @Test
    void anOldRingWhosePayloadsNobodyReadsGoesAfterTheGrace() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        writer.put(new byte[1000]); // sent to a peer that died before reading it
        writer.peerChanged();
        writer.put(new byte[10]);
        assertEquals(1, writer.retiredRings());
        now[0] += ShmRingWriter.RETIRED_GRACE_NANOS;
        writer.put(new byte[10]);
        assertEquals(0, writer.retiredRings());
        assertEquals(1, rings().size());
    }

    @Test
    void closingTheLinkDeletesItsRings() throws Exception {
        ShmRingWriter writer = writer(1 << 20);
        writer.put(new byte[1000]);
        writer.peerChanged();
        writer.put(new byte[1000]);
        assertEquals(2, rings().size());
        writer.closeLink();
        assertEquals(List.of(), rings());
    }

    @Test
    void aReaderKeepsTheTwoRingsItUsedLast() throws Exception {
        ShmRingReader reader = reader();
        ShmRingStore store = store(4711, 1 << 20);
        for (int i = 0; i < 3; i++) {
            ShmRingWriter writer = (ShmRingWriter) store.forOutput();
            opened.add(writer::closeLink);
            reader.take(ByteBuffer.wrap(writer.put(new byte[100])), MAX);
        }
        assertEquals(2, reader.mappedRings());
    }

    @Test
    void theSweepDeletesOneProcesssRingsOrEveryOneOfTheServer() throws Exception {
        for (ShmRingStore store : List.of(store(1, 1 << 20), store(2, 1 << 20),
                new ShmRingStore(shm(), Path.of("run-b").toAbsolutePath(), 1, 1 << 20))) {
            ShmRingWriter writer = (ShmRingWriter) store.forOutput();
            opened.add(writer::closeLink);
            writer.put(new byte[10]);
        }
        Files.writeString(shm().resolve("unrelated"), "x");
        assertEquals(1, ShmRingStore.sweep(shm(), runDir, 1));
        assertEquals(3, rings().size());
        assertEquals(1, ShmRingStore.sweep(shm(), runDir, -1));
        assertEquals(2, rings().size(), "another server's ring and the unrelated file stay");
        assertEquals(0, ShmRingStore.sweep(tmp.resolve("missing"), runDir, -1));
    }

    @Test
    void theProcessWideStoreHandsLinksTheirOwnEnds() throws Exception {
        ShmRingStore store = store(1, 1 << 20);
        assertNotEquals(store.forOutput(), store.forOutput());
        assertTrue(store.forOutput() instanceof LendingOutput, "a writer that lends ring space");
        assertTrue(store.forInput() instanceof ShmRingReader);
        assertThrows(IOException.class, () -> store.put(new byte[10]));
    }
}
