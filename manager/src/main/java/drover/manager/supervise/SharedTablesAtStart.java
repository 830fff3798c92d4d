package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.json.Json;
import drover.common.table.SharedState;
import drover.common.table.ShmTable;
import java.io.IOException;

/**
 * The shared tables and atomics of this server, made by the manager before any child starts and
 * kept mapped while it runs, so status can show each table's rows used. One per manager process:
 * set at start, read by the status report on the supervisor loop.
 */
final class SharedTablesAtStart {
    private static volatile SharedState state;

    private SharedTablesAtStart() {
    }

    /** Sweeps what a killed server left, then makes the declared tables afresh; throws with the reason. */
    static void create(DroverConfig config) throws IOException {
        SharedState.sweep(config);
        if (SharedState.declared(config)) {
            state = SharedState.create(config);
        }
    }

    /** Unmaps and removes every table file of the server (stop, refused start). */
    static void remove(DroverConfig config) {
        SharedState made = state;
        state = null;
        if (made != null) {
            made.close();
        }
        SharedState.sweep(config);
    }

    static void json(Json json) {
        json.beginArray("tables");
        SharedState made = state;
        if (made != null) {
            for (ShmTable table : made.tables().values()) {
                json.begin().field("name", table.spec().name()).field("rows_used", table.count())
                        .field("capacity", table.capacity()).end();
            }
        }
        json.endArray();
    }

    static void text(StringBuilder out) {
        SharedState made = state;
        if (made != null) {
            for (ShmTable table : made.tables().values()) {
                out.append(String.format("table    %s  rows %d / %d%n", table.spec().name(), table.count(), table.capacity()));
            }
        }
    }
}
