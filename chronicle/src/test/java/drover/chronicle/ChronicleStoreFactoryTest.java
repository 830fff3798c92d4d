package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.PayloadStore;
import drover.common.payload.PerLinkStore;
import drover.common.payload.QueueDirs;
import drover.common.payload.QueueStoreFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStoreFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void commonFindsTheFactoryAndItsWarmUpQueueIsGoneOnceDone() throws Exception {
        QueueStoreFactory factory = QueueStoreFactory.find();
        assertInstanceOf(ChronicleStoreFactory.class, factory);
        Path runDir = Path.of("run-a").toAbsolutePath();
        Path shm = tmp.resolve("shm");
        PayloadStore store = factory.open(shm, runDir, 42, 64L << 20);
        Optional<Thread> warmUp = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("chronicle-warm-up")).findFirst();
        if (warmUp.isPresent()) {
            warmUp.get().join(60_000);
        }
        assertTrue(Files.isDirectory(shm), "the warm-up made shm_dir");
        assertTrue(!Files.exists(shm.resolve(QueueDirs.name(runDir, 42, 0))), "the warm-up queue is deleted");
        byte[] ref = PerLinkStore.output(store).put(new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, store.take(ByteBuffer.wrap(ref), 100));
        ((ChronicleStore) store).close();
    }
}
