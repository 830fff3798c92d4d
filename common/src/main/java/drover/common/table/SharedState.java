package drover.common.table;

import drover.common.config.DroverConfig;
import drover.common.config.ServerTag;
import drover.common.config.TableSpec;
import drover.common.log.Log;
import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables and atomics one process maps, by name. The manager {@link #create}s them in shm_dir
 * before any worker starts (a refused start or a stop {@link #sweep}s them); a worker or task worker
 * {@link #open}s them. Their files, {@code drover-<tag>-table-<name>.table} and
 * {@code drover-<tag>-atomics.table}, outlive any worker, so the state survives respawn and reload.
 */
public final class SharedState implements AutoCloseable {
    private static final String SUFFIX = ".table";
    private final Map<String, ShmTable> tables;
    private final ShmAtomics atomics;

    private SharedState(Map<String, ShmTable> tables, ShmAtomics atomics) {
        this.tables = tables;
        this.atomics = atomics;
    }

    public static boolean declared(DroverConfig config) {
        return !config.tables().isEmpty() || !config.atomics().isEmpty();
    }

    /** Makes every declared table and the atomics afresh, all zeros; on failure removes what it made. */
    public static SharedState create(DroverConfig config) throws IOException {
        return build(config, true);
    }

    /** Maps what the manager made. */
    public static SharedState open(DroverConfig config) throws IOException {
        return build(config, false);
    }

    private static SharedState build(DroverConfig config, boolean create) throws IOException {
        Map<String, ShmTable> tables = new LinkedHashMap<>();
        ShmAtomics atomics = null;
        try {
            if (create && declared(config)) {
                PrivateDirs.ensure(config.shmDir());
            }
            for (TableSpec spec : config.tables()) {
                Path file = tableFile(config, spec.name());
                tables.put(spec.name(), create ? ShmTable.create(file, spec) : ShmTable.open(file, spec));
            }
            if (!config.atomics().isEmpty()) {
                Path file = atomicsFile(config);
                atomics = create ? ShmAtomics.create(file, config.atomics()) : ShmAtomics.open(file, config.atomics());
            }
            return new SharedState(tables, atomics);
        } catch (IOException | RuntimeException e) {
            tables.values().forEach(ShmTable::close);
            if (create) {
                sweep(config);
            }
            throw e;
        }
    }

    /** The named table; refused with the declared names when there is none. */
    public ShmTable table(String name) {
        ShmTable table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table " + name + " is declared (setting tables: " + tables.keySet() + ")");
        }
        return table;
    }

    public Map<String, ShmTable> tables() {
        return tables;
    }

    /** The atomics; refused when the setting atomics names none. */
    public ShmAtomics atomics() {
        if (atomics == null) {
            throw new IllegalArgumentException("no atomic is declared (setting atomics is empty)");
        }
        return atomics;
    }

    static Path tableFile(DroverConfig config, String name) {
        return config.shmDir().resolve(ServerTag.prefix(config.runDir()) + "table-" + name + SUFFIX);
    }

    static Path atomicsFile(DroverConfig config) {
        return config.shmDir().resolve(ServerTag.prefix(config.runDir()) + "atomics" + SUFFIX);
    }

    /**
     * Deletes this server's table and atomics files in shm_dir (at start, at stop, after a refused
     * start); memory goes back once no process maps them. Never throws; returns how many.
     */
    public static int sweep(DroverConfig config) {
        Path dir = config.shmDir();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !PrivateDirs.isPrivateDir(dir)) {
            return 0; // another user's (or a link): nothing in it is ours to delete
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ServerTag.prefix(config.runDir()) + "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            Log.warn("cannot sweep shared tables in " + dir + ": " + e.getMessage());
        }
        return removed;
    }

    @Override
    public void close() {
        tables.values().forEach(ShmTable::close);
        if (atomics != null) {
            atomics.close();
        }
    }
}
