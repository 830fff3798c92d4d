package drover.manager.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigException;
import drover.common.config.DroverConfig;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ShmRoomCheckTest {
    private static final long MIB = 1 << 20;

    private static DroverConfig config(String... settings) throws ConfigException {
        Properties properties = new Properties();
        for (String setting : settings) {
            String[] kv = setting.split("=", 2);
            properties.setProperty(kv[0], kv[1]);
        }
        return DroverConfig.fromProperties(properties, "test");
    }

    @Test
    void aContainersSixtyFourMegabytesCannotHoldTwoWorkersRingsAndTheWarningSaysWhatToDo() throws Exception {
        // 2 workers, 1 reactor thread: 2 links, a ring each way, 32 MiB each
        String warning = ShmRoomCheck.shortfall(config("worker_num=2", "reactor_num=1"), 64 * MIB).orElseThrow();
        assertTrue(warning.contains("has 64 MiB free") && warning.contains("up to 129 MiB")
                && warning.contains("(4 rings of shm_ring_size 32 MiB)"), warning);
        assertTrue(warning.contains("--shm-size") && warning.contains("lower shm_ring_size")
                && warning.contains("large_payload=stream"), warning);
    }

    @Test
    void taskWorkersAndReactorThreadsCountTheirLinksToo() throws Exception {
        // 2 workers x (2 reactor threads + 3 task workers) = 10 links, 20 rings of 8 MiB and a page
        DroverConfig config = config("worker_num=2", "reactor_num=2", "task_worker_num=3", "shm_ring_size=8M");
        long needed = 20 * (8 * MIB + 4096);
        assertEquals(Optional.empty(), ShmRoomCheck.shortfall(config, needed));
        assertTrue(ShmRoomCheck.shortfall(config, needed - 1).orElseThrow().contains("(20 rings of shm_ring_size 8 MiB)"));
    }

    @Test
    void otherPathsNeedNoSharedMemoryRoom() throws Exception {
        assertEquals(Optional.empty(), ShmRoomCheck.shortfall(config("large_payload=stream"), 0));
        assertEquals(Optional.empty(), ShmRoomCheck.shortfall(config("large_payload=tmpfile"), 0));
    }
}
