package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameFormatException;
import drover.common.payload.PayloadStore;
import drover.common.payload.StoreDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStoreTest {
    private static final long BLOCK = 64L << 20;
    private static final int MAX = 16 << 20;

    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();
    private final List<ChronicleStore> stores = new ArrayList<>();

    private ChronicleStore store(Path dir, long pid) {
        ChronicleStore s = new ChronicleStore(dir, runDir, pid, BLOCK);
        stores.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(ChronicleStore::close);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<String> cycleFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).toList();
        }
    }

    @Test
    void payloadsCrossToAnotherStoreByteExactAndEachCycleFileIsDeletedOnceRead() throws Exception {
        Path shm = tmp.resolve("shm");
        PayloadStore sender = store(shm, 4711).forOutput();
        ChronicleStore receiver = store(shm, 99);
        int[] sizes = {1, 64 * 1024, 1 << 20, (3 << 20) + 5};
        List<byte[]> refs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            refs.add(sender.put(random(sizes[i], i)));
        }
        // a cycle file per payload and one per marker after it (QueueWriter) until they are read past
        assertEquals(2 * sizes.length, cycleFiles(shm).size(), cycleFiles(shm).toString());
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(random(sizes[i], i), receiver.take(ByteBuffer.wrap(refs.get(i)), MAX));
            assertEquals(1 + 2 * (sizes.length - 1 - i), cycleFiles(shm).size(), "read ones are gone: " + cycleFiles(shm));
        }
        byte[] later = sender.put(random(1000, 9)); // the writer goes on after its files were deleted
        assertArrayEquals(random(1000, 9), receiver.take(ByteBuffer.wrap(later), MAX));
        assertEquals(1, cycleFiles(shm).size(), "only the last marker: " + cycleFiles(shm));
        try (Stream<Path> s = Files.list(shm)) {
            assertEquals(List.of(StoreDirs.name(runDir, 4711, 1)), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aPayloadCanBeTakenOnlyOnce() throws Exception {
        ChronicleStore store = store(tmp, 1);
        byte[] ref = store.forOutput().put(random(5000, 1));
        store.take(ByteBuffer.wrap(ref), MAX);
        IOException e = assertThrows(IOException.class, () -> store.take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains("was taken already"), e.getMessage());
    }

    @Test
    void eachLinkHasAQueueOfItsOwnAndTheStoreItselfTakesNoPayload() throws Exception {
        ChronicleStore store = store(tmp, 7);
        byte[] mine = store.forOutput().put(random(10, 1));
        byte[] theirs = store.forOutput().put(random(20, 2));
        assertNotEquals(queueName(mine), queueName(theirs));
        assertArrayEquals(random(20, 2), store.take(ByteBuffer.wrap(theirs), MAX));
        assertArrayEquals(random(10, 1), store.take(ByteBuffer.wrap(mine), MAX));
        IOException e = assertThrows(IOException.class, () -> store.put(random(10, 3)));
        assertTrue(e.getMessage().contains("goes through a link's own queue"), e.getMessage());
    }

    private static String queueName(byte[] ref) {
        return new String(ref, Integer.BYTES + Long.BYTES, ref.length - Integer.BYTES - Long.BYTES, StandardCharsets.UTF_8);
    }

    @Test
    void referencesToOtherServersQueuesOrOverTheLimitAreRefused() throws Exception {
        ChronicleStore store = store(tmp, 1);
        byte[] ref = store.forOutput().put(random(2000, 1));
        for (String name : List.of("../etc", StoreDirs.name(Path.of("run-b").toAbsolutePath(), 1, 1), "x")) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] forged = ByteBuffer.allocate(12 + n.length).putInt(10).putLong(1).put(n).array();
            FrameFormatException e = assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.wrap(forged), MAX));
            assertTrue(e.getMessage().contains("not a queue of this server"), e.getMessage());
        }
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.wrap(ref), 1000));
        assertEquals("Chronicle payload " + queueName(ref) + "@" + Long.toHexString(ByteBuffer.wrap(ref, 4, 8).getLong())
                + " claims 2000 bytes, over the 1000-byte limit of a link message", e.getMessage());
        assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.wrap(new byte[5]), MAX));
    }

    @Test
    void aShmDirThatCannotBeMadeIsAnIoErrorThatNamesIt() throws Exception {
        Path missingParent = tmp.resolve("no").resolve("shm");
        IOException e = assertThrows(IOException.class, () -> store(missingParent, 1).forOutput().put(new byte[10]));
        assertTrue(e.getMessage().startsWith("shm_dir " + missingParent + " is missing and cannot be created"), e.getMessage());
        Path aFile = Files.writeString(tmp.resolve("file"), "x");
        e = assertThrows(IOException.class, () -> store(aFile, 1).forOutput().put(new byte[10]));
        assertTrue(e.getMessage().startsWith("shm_dir " + aFile + " is missing"), e.getMessage());
    }

    @Test
    void aShmDirWithoutRoomForThePayloadAndTheMarginIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path shm = tmp.resolve("shm");
        long free = Files.getFileStore(tmp).getUsableSpace();
        ChronicleStore store = new ChronicleStore(shm, runDir, 1, BLOCK, free + (1L << 30), 100);
        stores.add(store);
        IOException e = assertThrows(IOException.class, () -> store.forOutput().put(new byte[1000]));
        assertTrue(e.getMessage().matches("shm_dir " + shm + " has [0-9]+ bytes free, too few for a payload of 1000 bytes"
                + " and a margin of " + (free + (1L << 30))), e.getMessage());
        try (Stream<Path> s = Files.list(shm)) {
            assertEquals(0, s.count(), "no queue was made");
        }
    }

    @Test
    void aWriterMovesToAFreshQueueAfterItsQuotaAndDeletesTheOldOneOnceItIsConsumed() throws Exception {
        Path shm = tmp.resolve("shm");
        ChronicleStore senderStore = new ChronicleStore(shm, runDir, 3, BLOCK, 0, 2);
        stores.add(senderStore);
        PayloadStore sender = senderStore.forOutput();
        ChronicleStore receiver = store(shm, 4);
        byte[] first = sender.put(random(100, 1));
        byte[] second = sender.put(random(100, 2));
        byte[] third = sender.put(random(100, 3));
        assertEquals(StoreDirs.name(runDir, 3, 1), queueName(second));
        assertEquals(StoreDirs.name(runDir, 3, 2), queueName(third));
        assertArrayEquals(random(100, 1), receiver.take(ByteBuffer.wrap(first), MAX));
        sender.put(random(100, 4)); // the old queue still holds the second payload: it stays
        assertTrue(Files.isDirectory(shm.resolve(StoreDirs.name(runDir, 3, 1))));
        assertArrayEquals(random(100, 2), receiver.take(ByteBuffer.wrap(second), MAX));
        sender.put(random(100, 5));
        assertFalse(Files.exists(shm.resolve(StoreDirs.name(runDir, 3, 1))), "consumed, so deleted");
        assertArrayEquals(random(100, 3), receiver.take(ByteBuffer.wrap(third), MAX));
    }

    @Test
    void aQueueSweptUnderItsReaderIsAnIoErrorAndIsNotRecreated() throws Exception {
        Path shm = tmp.resolve("shm");
        PayloadStore sender = store(shm, 5).forOutput();
        ChronicleStore receiver = store(shm, 6);
        byte[] first = sender.put(random(100, 1));
        receiver.take(ByteBuffer.wrap(first), MAX);
        byte[] second = sender.put(random(100, 2));
        assertEquals(1, StoreDirs.sweep(shm, runDir, 5));
        IOException e = assertThrows(IOException.class, () -> receiver.take(ByteBuffer.wrap(second), MAX));
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
        try (Stream<Path> s = Files.list(shm)) {
            assertEquals(0, s.count());
        }
    }
}
