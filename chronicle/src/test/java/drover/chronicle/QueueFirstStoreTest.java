package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameFormatException;
import drover.common.payload.PayloadStore;
import drover.common.payload.TempFileStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueFirstStoreTest {
    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();

    /** Holds payloads in memory, or refuses them all, as a full or missing shm_dir would. */
    private static final class FakeQueue implements PayloadStore {
        final List<byte[]> held = new ArrayList<>();
        boolean refuse;

        @Override
        public byte[] put(byte[] payload) throws IOException {
            if (refuse) {
                throw new IOException("shm_dir full");
            }
            held.add(payload);
            return new byte[] {(byte) (held.size() - 1)};
        }

        @Override
        public byte[] take(ByteBuffer reference, int maxLength) {
            return held.get(reference.get());
        }

        @Override
        public String describe() {
            return "fake queue";
        }
    }

    @Test
    void theQueueTakesPayloadsWhileItCanAndFilesTakeThemAfter() throws Exception {
        FakeQueue queue = new FakeQueue();
        QueueFirstStore store = new QueueFirstStore(queue, new TempFileStore(tmp, runDir, 1));
        byte[] inQueue = store.put(new byte[] {1, 2, 3});
        assertEquals(QueueFirstStore.KIND_QUEUE, inQueue[0]);
        queue.refuse = true;
        byte[] inFile = store.put(new byte[] {4, 5});
        assertEquals(QueueFirstStore.KIND_FILE, inFile[0]);
        assertEquals(1, Files.list(tmp).count());
        assertArrayEquals(new byte[] {4, 5}, store.take(ByteBuffer.wrap(inFile), 100));
        assertArrayEquals(new byte[] {1, 2, 3}, store.take(ByteBuffer.wrap(inQueue), 100));
        assertEquals(0, Files.list(tmp).count());
    }

    @Test
    void whenFilesFailTooThePutFailsSoTheLinkStreamsThePayload() {
        FakeQueue queue = new FakeQueue();
        queue.refuse = true;
        QueueFirstStore store = new QueueFirstStore(queue, new TempFileStore(tmp.resolve("missing"), runDir, 1));
        IOException e = assertThrows(IOException.class, () -> store.put(new byte[10]));
        assertTrue(e.getMessage().startsWith("cannot write a large payload of 10 bytes"), e.getMessage());
    }

    @Test
    void withoutTheChronicleModuleFilesTakeEverythingAndQueueReferencesAreAnIoError() throws Exception {
        QueueFirstStore store = new QueueFirstStore(null, new TempFileStore(tmp, runDir, 1));
        assertEquals(QueueFirstStore.KIND_FILE, store.put(new byte[5])[0]);
        IOException e = assertThrows(IOException.class, () -> store.take(ByteBuffer.wrap(new byte[] {2, 0}), 100));
        assertTrue(e.getMessage().contains("drover-chronicle jars missing"), e.getMessage());
    }

    @Test
    void anUnknownKindOrAnEmptyReferenceBreaksTheLink() {
        QueueFirstStore store = new QueueFirstStore(new FakeQueue(), new TempFileStore(tmp, runDir, 1));
        assertEquals("large payload reference of unknown kind 9",
                assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.wrap(new byte[] {9}), 100)).getMessage());
        assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.allocate(0), 100));
    }
}
