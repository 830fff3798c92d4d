package drover.common.config;

import java.nio.file.Path;

/**
 * The tag that tells one server's files in a shared directory from another's: derived from its
 * run_dir, it starts the default shm_dir's name and every payload file, ring and queue (TempFileStore,
 * ShmRingStore, StoreDirs), so a server sweeps only its own. It lives here because the configuration
 * needs it (the default shm_dir) and the payload stores build on the configuration.
 */
public final class ServerTag {
    private ServerTag() {
    }

    /** {@code drover-<8 hex digits from the run dir>-}: what every payload file of one server starts with. */
    public static String prefix(Path runDir) {
        return String.format("drover-%08x-", runDir.toAbsolutePath().normalize().toString().hashCode());
    }
}
