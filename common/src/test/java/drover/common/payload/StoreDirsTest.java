package drover.common.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDirsTest {
    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();
    private final Path otherServer = Path.of("run-b").toAbsolutePath();

    private Path queue(Path dir, Path run, long pid, long n) throws Exception {
        Path q = Files.createDirectories(dir.resolve(StoreDirs.name(run, pid, n)));
        Files.writeString(q.resolve("20261123-101010T.cq4"), "data");
        return q;
    }

    private List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void namesAreCheckedSoAReferenceCannotPointAnywhereElse() {
        assertTrue(StoreDirs.isOurs(StoreDirs.name(runDir, 12, 3), runDir));
        assertFalse(StoreDirs.isOurs(StoreDirs.name(otherServer, 12, 3), runDir));
        assertFalse(StoreDirs.isOurs(TempFileStore.serverPrefix(runDir) + "12-3/../x", runDir));
        assertFalse(StoreDirs.isOurs(TempFileStore.serverPrefix(runDir) + "12", runDir));
    }

    @Test
    void aDeadProcesssQueuesGoFirstThenAtStopEveryQueueAndTheServersOwnDirectory() throws Exception {
        String tag = TempFileStore.serverPrefix(runDir);
        Path shm = Files.createDirectory(tmp.resolve(tag.substring(0, tag.length() - 1)));
        queue(shm, runDir, 10, 1);
        queue(shm, runDir, 10, 2);
        queue(shm, runDir, 11, 1);
        queue(shm, otherServer, 10, 1);
        assertEquals(2, StoreDirs.sweep(shm, runDir, 10));
        assertEquals(List.of(StoreDirs.name(runDir, 11, 1), StoreDirs.name(otherServer, 10, 1)), names(shm));
        assertEquals(1, StoreDirs.sweep(shm, runDir, -1));
        assertEquals(List.of(StoreDirs.name(otherServer, 10, 1)), names(shm), "another server's queue stays, so does the dir");
        Files.walk(shm).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(shm)).forEach(p -> p.toFile().delete());
        assertEquals(0, StoreDirs.sweep(shm, runDir, -1));
        assertFalse(Files.exists(shm), "the server's own, empty, shm dir is removed at stop");
    }

    @Test
    void aSharedShmDirIsNeverRemovedAndAMissingOneHoldsNothing() throws Exception {
        queue(tmp, runDir, 10, 1);
        assertEquals(1, StoreDirs.sweep(tmp, runDir, -1));
        assertTrue(Files.isDirectory(tmp));
        assertEquals(0, StoreDirs.sweep(tmp.resolve("missing"), runDir, -1));
    }
}
