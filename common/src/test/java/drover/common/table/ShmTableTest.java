package drover.common.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShmTableTest {
    private static final TableSpec SPEC = TableSpec.parseAll("t rows=100 key=16 hits:long score:double name:bytes8").get(0);
    @TempDir
    Path dir;
    private ShmTable table;
    private int hits;
    private int score;
    private int name;

    @BeforeEach
    void create() throws IOException {
        table = ShmTable.create(dir.resolve("t.table"), SPEC);
        hits = table.column("hits", ColumnType.LONG);
        score = table.column("score", ColumnType.DOUBLE);
        name = table.column("name", ColumnType.BYTES);
    }

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void anAbsentRowReadsAsZerosAndIncrMakesIt() {
        assertFalse(table.exists("a"));
        assertEquals(0, table.getWord("a", hits));
        assertEquals(5, table.update("a", hits, Long::sum, 5));
        assertEquals(3, table.update("a", hits, Long::sum, -2));
        assertTrue(table.exists("a"));
        assertEquals(1, table.count());
        TableRow row = table.get("a");
        assertEquals("a", row.key());
        assertEquals(3L, row.values().get(0));
        assertEquals(0.0, row.values().get(1));
        assertArrayEquals(new byte[0], (byte[]) row.values().get(2));
    }

    @Test
    void setChangesOnlyTheColumnsGiven() {
        table.set("k", new int[] {hits, name}, new Object[] {7, "abc"});
        table.set("k", new int[] {score}, new Object[] {1.5});
        TableRow row = table.get("k");
        assertEquals(List.of(7L, 1.5), row.values().subList(0, 2));
        assertArrayEquals("abc".getBytes(), (byte[]) row.values().get(2));
        assertEquals(1, table.count());
    }

    @Test
    void badValuesAndKeysAreRefusedAndChangeNothing() {
        table.set("k", new int[] {hits}, new Object[] {1L});
        assertThrows(IllegalArgumentException.class, () -> table.set("k", new int[] {hits, name}, new Object[] {2L, "123456789"}));
        assertThrows(IllegalArgumentException.class, () -> table.set("k", new int[] {hits}, new Object[] {"x"}));
        assertThrows(IllegalArgumentException.class, () -> table.get("seventeen-bytes!!"));
        assertThrows(IllegalArgumentException.class, () -> table.get(""));
        assertThrows(IllegalArgumentException.class, () -> table.column("nope", null));
        assertThrows(IllegalArgumentException.class, () -> table.column("name", ColumnType.LONG));
        assertEquals(1L, table.get("k").values().get(0));
    }

    @Test
    void aFullTableRefusesAnInsertButStillUpdates() {
        for (int i = 0; i < 100; i++) {
            table.update("k" + i, hits, Long::sum, i);
        }
        TableFullException full = assertThrows(TableFullException.class, () -> table.update("extra", hits, Long::sum, 1));
        assertTrue(full.getMessage().contains("table t is full"), full.getMessage());
        assertEquals(100, table.count());
        assertEquals(100, table.update("k1", hits, Long::sum, 99));
        assertTrue(table.delete("k1"));
        assertEquals(1, table.update("extra", hits, Long::sum, 1));
    }

    @Test
    void collidingKeysAllSurviveDeletesAndReinserts() {
        Set<String> present = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 100; i++) {
                String key = "key" + ((i * 7 + round * 13) % 150);
                if (present.size() < 100 && present.add(key)) {
                    table.update(key, hits, Long::sum, 1);
                } else if (present.contains(key) && i % 3 == 0) {
                    assertTrue(table.delete(key));
                    present.remove(key);
                }
            }
            assertEquals(present.size(), table.count());
            for (String key : present) {
                assertTrue(table.exists(key), key);
            }
            List<String> seen = new ArrayList<>();
            table.forEach(row -> seen.add(row.key()));
            assertEquals(present, new HashSet<>(seen));
        }
        assertFalse(table.delete("never"));
    }

    @Test
    void compareAndSetTreatsAnAbsentRowAsZero() {
        assertFalse(table.compareAndSet("c", hits, 1, 2));
        assertFalse(table.exists("c"));
        assertTrue(table.compareAndSet("c", hits, 0, 10));
        assertFalse(table.compareAndSet("c", hits, 0, 11));
        assertTrue(table.compareAndSet("c", hits, 10, 11));
        assertEquals(11, table.getWord("c", hits));
    }

    @Test
    void threadsIncrementingTheSameKeysLoseNothing() throws Exception {
        int threads = 4;
        int each = 20_000;
        List<Thread> running = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        table.update("k" + (i % 10), hits, Long::sum, 1);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        long total = 0;
        for (int k = 0; k < 10; k++) {
            total += table.getWord("k" + k, hits);
        }
        assertEquals(0, failures.get());
        assertEquals((long) threads * each, total);
        assertEquals(10, table.count());
    }

    @Test
    void anotherProcessMapsTheSameRowsAndAWrongDeclarationIsRefused() throws IOException {
        table.update("x", hits, Long::sum, 41);
        try (ShmTable other = ShmTable.open(dir.resolve("t.table"), SPEC)) {
            assertEquals(42, other.update("x", hits, Long::sum, 1));
        }
        assertEquals(42, table.getWord("x", hits));
        TableSpec changed = TableSpec.parseAll("t rows=100 key=16 hits:long score:double name:bytes9").get(0);
        IOException refused = assertThrows(IOException.class, () -> ShmTable.open(dir.resolve("t.table"), changed));
        assertTrue(refused.getMessage().contains("table t"), refused.getMessage());
    }

    @Test
    void missingFileIsReported() {
        IOException e = assertThrows(IOException.class, () -> ShmTable.open(dir.resolve("none.table"), SPEC));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void nothingFoundForAKeyThatWasDeleted() {
        table.update("gone", hits, Long::sum, 1);
        assertTrue(table.delete("gone"));
        assertNull(table.get("gone"));
        assertEquals(0, table.count());
    }
}
