package drover.worker.table;

import drover.common.config.DroverConfig;
import drover.common.table.SharedState;
import drover.worker.api.Atomic;
import drover.worker.api.Table;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables and atomics of this worker or task worker process: mapped at the app's first
 * {@code Server.table} or {@code Server.atomic} call, then kept for the process's life (the mapping
 * goes with the process). One per process, whatever thread asks.
 */
public final class SharedTables {
    private static volatile SharedTables instance;

    private final SharedState state;
    private final Map<String, TableView> tables = new ConcurrentHashMap<>();
    private final Map<String, AtomicView> atomics = new ConcurrentHashMap<>();

    private SharedTables(SharedState state) {
        this.state = state;
    }

    /** This process's tables, mapped on the first call. */
    public static SharedTables of(DroverConfig config) {
        SharedTables tables = instance;
        if (tables == null) {
            synchronized (SharedTables.class) {
                tables = instance;
                if (tables == null) {
                    try {
                        tables = new SharedTables(SharedState.open(config));
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot map the shared tables: " + e.getMessage(), e);
                    }
                    instance = tables;
                }
            }
        }
        return tables;
    }

    public Table table(String name) {
        return tables.computeIfAbsent(name, n -> new TableView(state.table(n)));
    }

    public Atomic atomic(String name) {
        return atomics.computeIfAbsent(name, n -> new AtomicView(n, state.atomics()));
    }
}
