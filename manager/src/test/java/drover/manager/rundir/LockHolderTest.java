package drover.manager.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockHolderTest {
    @TempDir
    Path dir;

    @Test
    void theHolderIsThePidOfTheWriteLockOnTheInodeAndNotAWaiter() {
        List<String> procLocks = List.of(
                "1: POSIX  ADVISORY  WRITE 4711 fe:00:2146832 0 EOF",
                "1: -> POSIX  ADVISORY  WRITE 4800 fe:00:2146832 0 EOF",
                "2: FLOCK  ADVISORY  WRITE 2280 fe:00:2154507 0 EOF",
                "3: OFDLCK ADVISORY  WRITE -1 fe:00:99 0 EOF");
        assertEquals(OptionalLong.of(4711), LockHolder.find(procLocks, 2146832));
        assertEquals(OptionalLong.of(2280), LockHolder.find(procLocks, 2154507));
        assertEquals(OptionalLong.empty(), LockHolder.find(procLocks, 99), "an OFD lock names no process");
        assertEquals(OptionalLong.empty(), LockHolder.find(procLocks, 12345));
    }

    @Test
    void thisProcessIsSeenHoldingARunDirLockAndNobodyAfterItIsReleased() throws Exception {
        Path lockFile = dir.resolve("manager.lock");
        try (RunDirLock lock = RunDirLock.acquire(lockFile)) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), LockHolder.of(lockFile));
        }
        assertEquals(OptionalLong.empty(), LockHolder.of(lockFile));
    }
}
