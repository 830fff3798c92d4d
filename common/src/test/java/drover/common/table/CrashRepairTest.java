package drover.common.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a writer killed mid-write leaves, made by hand: a row locked by a process that no longer runs,
 * its sequence odd. Each operation must take the lock over and see the row whole.
 */
@Timeout(30)
class CrashRepairTest {
    private static final TableSpec SPEC = TableSpec.parseAll("t rows=8 key=8 a:long b:long").get(0);
    @TempDir
    Path dir;
    private ShmTable table;
    private Path file;
    private long deadOwner;

    @BeforeEach
    void create() throws Exception {
        file = dir.resolve("t.table");
        table = ShmTable.create(file, SPEC);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        deadOwner = gone.pid() << 32 | 12345;
        assertTrue(!OwnerToken.isAlive(deadOwner));
    }

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void aRowLeftHalfWrittenIsRolledBackAndUnlocked() throws IOException {
        int a = table.column("a", ColumnType.LONG);
        int b = table.column("b", ColumnType.LONG);
        table.set("k", new int[] {a, b}, new Object[] {1L, -1L});
        try (MappedFile raw = MappedFile.open(file, "test")) {
            TableLayout layout = new TableLayout(SPEC);
            Rows rows = new Rows(layout, raw.segment());
            long row = rowOf(rows, layout, "k");
            // the dead writer had copied the shadow, begun, and written a but not b
            MemorySegment.copy(raw.segment(), row + layout.columnsAt, raw.segment(), row + layout.shadowAt, layout.columnBytes);
            Rows.INT.setVolatile(raw.segment(), row + TableLayout.R_UNDO, 1);
            Rows.LONG.setVolatile(raw.segment(), row + TableLayout.R_SEQ, 3L);
            rows.putWord(row, a, 2L);
            Rows.LONG.setVolatile(raw.segment(), row + TableLayout.R_LOCK, deadOwner);
        }
        assertEquals(List.of(1L, -1L), table.get("k").values());
        assertEquals(2, table.update("k", a, Long::sum, 1));
    }

    @Test
    void aRowLockedByADeadWriterIsTakenOverForTheNextWrite() throws IOException {
        int a = table.column("a", ColumnType.LONG);
        table.update("k", a, Long::sum, 5);
        try (MappedFile raw = MappedFile.open(file, "test")) {
            TableLayout layout = new TableLayout(SPEC);
            long row = rowOf(new Rows(layout, raw.segment()), layout, "k");
            Rows.LONG.setVolatile(raw.segment(), row + TableLayout.R_LOCK, deadOwner);
        }
        assertEquals(6, table.update("k", a, Long::sum, 1));
    }

    @Test
    void theStructureLockOfADeadInserterIsTakenOverAndTheCountRedone() throws IOException {
        int a = table.column("a", ColumnType.LONG);
        table.update("k", a, Long::sum, 1);
        try (MappedFile raw = MappedFile.open(file, "test")) {
            Rows.LONG.setVolatile(raw.segment(), TableLayout.H_LOCK, deadOwner);
            Rows.LONG.setVolatile(raw.segment(), TableLayout.H_COUNT, 2L); // it counted a row it never made
        }
        long started = System.nanoTime();
        table.update("new", a, Long::sum, 1);
        assertEquals(2, table.count());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
    }

    private static long rowOf(Rows rows, TableLayout layout, String key) {
        for (long slot = 0; slot < layout.slots; slot++) {
            long row = layout.row(slot);
            if (rows.state(row) == TableLayout.USED && new String(rows.key(row)).equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key);
    }
}
