package drover.common.payload;

import drover.common.config.DroverConfig;
import drover.common.config.LargePayload;

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
        int swept = 0;
        try {
            swept += TempFileStore.sweep(config.tmpDir(), config.runDir(), pid);
        } catch (java.io.IOException e) {
            drover.common.log.Log.warn("cannot sweep payload files in " + config.tmpDir() + ": " + e.getMessage());
        }
        if (!isPrivateOrMissing(config.shmDir())) {
            return swept; // another user's (or open) shm_dir: nothing in it is ours to delete (prepareShmDir says so)
        }
        try {
            swept += ShmRingStore.sweep(config.shmDir(), config.runDir(), pid);
        } catch (java.io.IOException e) {
            drover.common.log.Log.warn("cannot sweep payload rings in " + config.shmDir() + ": " + e.getMessage());
        }
        try { // after the rings: it removes shm_dir itself when that is left empty
            swept += StoreDirs.sweep(config.shmDir(), config.runDir(), pid);
        } catch (java.io.IOException e) {
            drover.common.log.Log.warn("cannot sweep payload directories in " + config.shmDir() + ": " + e.getMessage());
        }
        return swept;
    }

    /**
     * At start, in the manager: makes shm_dir owner-only (0700) when large_payload uses it and it is
     * missing, or logs why it is refused (another user's, open to group or others, a symbolic link:
     * PrivateDirs). A refused shm_dir costs speed, never a payload: large payloads then stream on the
     * links (shm), or go through files in tmp_dir (chronicle).
     */
    public static void prepareShmDir(DroverConfig config) {
        if (config.largePayload() != LargePayload.SHM
                && config.largePayload() != LargePayload.CHRONICLE) {
            return;
        }
        try {
            PrivateDirs.ensure(config.shmDir());
        } catch (java.io.IOException e) {
            drover.common.log.Log.error(e.getMessage() + "; large_payload=" + config.largePayload().name().toLowerCase(java.util.Locale.ROOT)
                    + " will not use it: large payloads " + (config.largePayload() == LargePayload.SHM
                    ? "stream on the links" : "go through files in " + config.tmpDir()) + " until it is fixed");
        }
    }

    private static boolean isPrivateOrMissing(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try {
            PrivateDirs.check(dir, true);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static PayloadStore create(DroverConfig config) {
        return switch (config.largePayload()) {
            case STREAM -> null;
            case TMPFILE -> tempFiles(config);
            case CHRONICLE -> fromModule(config);
            case SHM -> new ShmRingStore(config.shmDir(), config.runDir(), ProcessHandle.current().pid(), config.shmRingSize());
        };
    }

    private static TempFileStore tempFiles(DroverConfig config) {
        return new TempFileStore(config.tmpDir(), config.runDir(), ProcessHandle.current().pid());
    }

    /**
     * large_payload=chronicle: the store of the drover-chronicle module, found through ServiceLoader; files
     * in tmp_dir when the module is not on the class path (then on every child's: the manager gives each
     * the same class path).
     */
    private static PayloadStore fromModule(DroverConfig config) {
        // common's own loader, not the thread's: a worker's loop thread has the app's as its context loader
        StoreModule module = StoreModule.find(PayloadStores.class.getClassLoader());
        if (module == null) {
            drover.common.log.Log.warn("large_payload=chronicle, but the drover-chronicle module is not on this process's"
                    + " class path: large payloads go through files in " + config.tmpDir() + " instead");
            return tempFiles(config);
        }
        return module.open(config, ProcessHandle.current().pid(), tempFiles(config));
    }
}
