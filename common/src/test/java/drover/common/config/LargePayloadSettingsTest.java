package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LargePayloadSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static String refusal(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets)).getMessage();
    }

    @Test
    void defaultsToShmRingsAboveOneMebibyte() throws ConfigException {
        DroverConfig config = withSets();
        assertEquals(LargePayload.SHM, config.largePayload());
        assertEquals(1 << 20, config.largePayloadThreshold());
        assertTrue(config.tmpDir().isAbsolute());
    }

    @Test
    void settingsAreReadAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("large_payload=tmpfile", "tmp_dir=payloads", "large_payload_threshold=64K");
        assertEquals(LargePayload.TMPFILE, config.largePayload());
        assertEquals(Path.of("payloads").toAbsolutePath(), config.tmpDir());
        assertEquals(65536, config.largePayloadThreshold());
        Properties written = config.toProperties();
        assertEquals(config, DroverConfig.fromProperties(written, "test"));
    }

    @Test
    void chronicleKeepsItsQueuesInADirectoryOfThisServerUnderDevShmUnlessSet() throws ConfigException {
        DroverConfig config = withSets("large_payload=chronicle", "run_dir=run-x");
        assertEquals(LargePayload.CHRONICLE, config.largePayload());
        String tag = drover.common.payload.TempFileStore.serverPrefix(Path.of("run-x").toAbsolutePath());
        assertEquals(Path.of("/dev/shm", tag.substring(0, tag.length() - 1)), config.shmDir());
        DroverConfig set = withSets("large_payload=chronicle", "shm_dir=queues");
        assertEquals(Path.of("queues").toAbsolutePath(), set.shmDir());
        assertEquals(set, DroverConfig.fromProperties(set.toProperties(), "test"));
    }

    @Test
    void shmRingsHaveASizeOf32MiBUnlessSet() throws ConfigException {
        assertEquals(32 << 20, withSets("large_payload=shm").shmRingSize());
        DroverConfig set = withSets("large_payload=shm", "shm_ring_size=128M");
        assertEquals(LargePayload.SHM, set.largePayload());
        assertEquals(128 << 20, set.shmRingSize());
        assertEquals(set, DroverConfig.fromProperties(set.toProperties(), "test"));
    }

    @Test
    void badValuesAreRefusedWithWhatIsExpected() {
        assertTrue(refusal("large_payload=disk").contains("expected stream, tmpfile, chronicle or shm"), refusal("large_payload=disk"));
        assertTrue(refusal("shm_ring_size=512K").contains("outside 1048576..1073741824 bytes"), refusal("shm_ring_size=512K"));
        assertTrue(refusal("shm_ring_size=2G").contains("outside"), refusal("shm_ring_size=2G"));
        assertTrue(refusal("large_payload_threshold=1K").contains("outside 4096..67108864 bytes"));
        assertTrue(refusal("large_payload_threshold=65M").contains("outside 4096..67108864 bytes"));
    }
}
