package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.StoreDirs;
import drover.common.payload.StoreModule;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStoreFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void commonFindsTheFactoryAndItsWarmUpQueueIsGoneOnceDone() throws Exception {
        StoreModule module = StoreModule.find(StoreModule.class.getClassLoader());
        ChronicleStoreFactory factory = assertInstanceOf(ChronicleStoreFactory.class, module);
        Path runDir = Path.of("run-a").toAbsolutePath();
        Path shm = tmp.resolve("shm");
        ChronicleStore store = factory.open(shm, runDir, 42, 64L << 20);
        Optional<Thread> warmUp = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("chronicle-warm-up")).findFirst();
        if (warmUp.isPresent()) {
            warmUp.get().join(60_000);
        }
        assertTrue(Files.isDirectory(shm), "the warm-up made shm_dir");
        assertTrue(!Files.exists(shm.resolve(StoreDirs.name(runDir, 42, 0))), "the warm-up queue is deleted");
        byte[] ref = store.forOutput().put(new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, store.take(ByteBuffer.wrap(ref), 100));
        store.close();
    }

    // the manager reads these through the module to start a child that runs Chronicle
    @Test
    void theModuleNamesTheJvmOptionsChronicleNeeds() {
        List<String> options = StoreModule.find(StoreModule.class.getClassLoader()).jvmOptions();
        assertTrue(options.contains("-Dchronicle.analytics.disable=true"), options.toString());
        assertTrue(options.contains("java.base/sun.nio.ch=ALL-UNNAMED"), options.toString());
    }
}
