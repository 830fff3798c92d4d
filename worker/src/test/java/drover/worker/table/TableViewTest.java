package drover.worker.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigException;
import drover.common.config.DroverConfig;
import drover.common.table.SharedState;
import drover.worker.api.Atomic;
import drover.worker.api.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's Table and Atomic over the files the manager makes (SharedState.create here). */
class TableViewTest {
    @TempDir
    Path dir;
    private SharedState made;
    private SharedState mapped;
    private Table users;

    @BeforeEach
    void create() throws ConfigException, IOException {
        Properties set = new Properties();
        set.setProperty("run_dir", dir.resolve("run").toString());
        set.setProperty("shm_dir", dir.resolve("shm").toString());
        set.setProperty("tables", "users rows=4 key=8 room:long score:double name:bytes5");
        set.setProperty("atomics", "hits");
        DroverConfig config = DroverConfig.fromProperties(set, "test");
        made = SharedState.create(config);
        mapped = SharedState.open(config);
        users = new TableView(mapped.table("users"));
    }

    @AfterEach
    void close() {
        mapped.close();
        made.close();
    }

    @Test
    void columnsAreReadAndWrittenByNameAndType() {
        users.set("ann", Map.of("room", 7, "name", "ann"));
        assertEquals(7, users.getLong("ann", "room"));
        assertEquals(9, users.incr("ann", "room", 2));
        assertEquals(4, users.decr("ann", "room", 5));
        assertEquals(1.5, users.incr("ann", "score", 1.5));
        assertEquals(1.5, users.getDouble("ann", "score"));
        Table.Row row = users.get("ann").orElseThrow();
        assertEquals("ann", row.key());
        assertEquals(4, row.getLong("room"));
        assertEquals("ann", row.getString("name"));
        assertArrayEquals("ann".getBytes(), row.getBytes("name"));
        assertThrows(IllegalArgumentException.class, () -> row.getLong("name"));
        assertTrue(users.compareAndSet("bob", "room", 0, 3));
        List<String> keys = new ArrayList<>();
        users.forEach(r -> keys.add(r.key()));
        assertEquals(List.of("ann", "bob"), keys.stream().sorted().toList());
        assertEquals(2, users.count());
        assertEquals(4, users.capacity());
        assertTrue(users.del("bob"));
        assertFalse(users.exists("bob"));
    }

    @Test
    void wrongColumnsTypesAndSizesAreRefusedWithTheReason() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> users.incr("a", "rooms", 1));
        assertTrue(unknown.getMessage().contains("no column rooms"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> users.incr("a", "score", 1L));
        assertThrows(IllegalArgumentException.class, () -> users.set("a", Map.of("name", "toolong")));
        assertThrows(IllegalArgumentException.class, () -> users.set("a", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> users.incr("ninebytes", "room", 1));
        assertFalse(users.exists("a"));
        IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class, () -> mapped.table("rooms"));
        assertTrue(noTable.getMessage().contains("no table rooms"), noTable.getMessage());
    }

    @Test
    void aFullTableRefusesANewRowWithIllegalState() {
        for (int i = 0; i < 4; i++) {
            users.incr("u" + i, "room", 1);
        }
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> users.incr("u4", "room", 1));
        assertTrue(full.getMessage().contains("table users is full"), full.getMessage());
    }

    @Test
    void atomicsAreSharedBetweenMappings() {
        Atomic hits = new AtomicView("hits", mapped.atomics());
        Atomic other = new AtomicView("hits", made.atomics());
        assertEquals(5, hits.add(5));
        assertEquals(3, other.sub(2));
        assertTrue(other.compareAndSet(3, 10));
        assertFalse(hits.compareAndSet(3, 11));
        assertEquals(10, hits.get());
        hits.set(0);
        assertEquals(0, other.get());
        assertThrows(IllegalArgumentException.class, () -> new AtomicView("misses", mapped.atomics()));
    }
}
