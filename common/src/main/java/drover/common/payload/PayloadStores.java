package drover.common.payload;

import drover.common.config.DroverConfig;

/** The store every process of a server uses for large payloads, as large_payload says. */
public final class PayloadStores {
    private static PayloadStore shared;
    private static DroverConfig sharedFor;

    private PayloadStores() {
    }

    /**
     * The store for this process (one per process, shared by its threads, so file names never collide),
     * or null when large payloads are streamed on the links.
     */
    public static synchronized PayloadStore of(DroverConfig config) {
        if (sharedFor == null || !sharedFor.equals(config)) {
            shared = create(config);
            sharedFor = config;
        }
        return shared;
    }

    /**
     * Deletes the server's payload files left in tmp_dir: every one (pid -1, at start and stop) or a
     * dead process's own. Whatever large_payload says now, an earlier run may have used files.
     * Returns how many; never throws (a sweep that fails is logged and tried again next time).
     */
    public static int sweep(DroverConfig config, long pid) {
        try {
            return TempFileStore.sweep(config.tmpDir(), config.runDir(), pid);
        } catch (java.io.IOException e) {
            drover.common.log.Log.warn("cannot sweep payload files in " + config.tmpDir() + ": " + e.getMessage());
            return 0;
        }
    }

    private static PayloadStore create(DroverConfig config) {
        return switch (config.largePayload()) {
            case STREAM -> null;
            case TMPFILE -> new TempFileStore(config.tmpDir(), config.runDir(), ProcessHandle.current().pid());
            case CHRONICLE -> throw new IllegalStateException("large_payload=chronicle is refused by the settings");
        };
    }
}
