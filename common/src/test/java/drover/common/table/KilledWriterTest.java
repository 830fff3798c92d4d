package drover.common.table;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kill -9s of a process writing a table: after each, every row is whole (a + b within 1, as the
 * writer keeps them) and every row can be written again at once (no lock stays with the dead writer).
 */
@Timeout(120)
class KilledWriterTest {
    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWriters() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void rowsStayWholeAndUnlockedWhenTheirWriterIsKilledMidWrite() throws Exception {
        Path file = dir.resolve("t.table");
        try (ShmTable table = ShmTable.create(file, KilledWriter.SPEC)) {
            for (int round = 0; round < 4; round++) {
                Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        KilledWriter.class.getName(), file.toString()).inheritIO().start();
                started.add(writer);
                long before = table.getWord("k0", 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (table.getWord("k0", 0) < before + 2_000 + round * 797L) { // writing for a while now
                    if (System.nanoTime() > deadline || !writer.isAlive()) {
                        fail("the writer made no progress (alive: " + writer.isAlive() + ")");
                    }
                    LockSupport.parkNanos(2_000_000); // polls the condition above, with its deadline
                }
                writer.destroyForcibly(); // SIGKILL, wherever it is
                writer.waitFor();
                for (int k = 0; k < KilledWriter.KEYS; k++) {
                    TableRow row = table.get("k" + k);
                    long a = (Long) row.values().get(0);
                    long b = (Long) row.values().get(1);
                    assertTrue(Math.abs(a + b) <= 1, "round " + round + ": row k" + k + " is half written: " + row);
                    table.set("k" + k, new int[] {0, 1}, new Object[] {a, -a}); // takes over any lock it left
                }
            }
        }
    }
}
