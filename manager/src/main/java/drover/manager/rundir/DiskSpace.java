package drover.manager.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why a daemon that failed to start left no reason in its log. Its reason goes to the log file, so
 * on a full disk it is lost with the write that failed, and the start used to end with an empty
 * reason. The launcher can still look at the disk itself.
 */
public final class DiskSpace {
    /** Less than this is as good as full: the manager's first lines and files do not fit. */
    static final long NEARLY_FULL_BYTES = 64 * 1024;

    private DiskSpace() {
    }

    public static String whyNoReason(Path log) {
        Path folder = log.toAbsolutePath().getParent();
        long free;
        try {
            free = Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return "the server wrote no reason to its log, and the free space of " + folder + " is unknown ("
                    + e.getMessage() + "); start it in the foreground to see its output";
        }
        return explain(folder, free);
    }

    static String explain(Path folder, long freeBytes) {
        if (freeBytes < NEARLY_FULL_BYTES) {
            return "no space left on the disk of " + folder + " (" + freeBytes + " bytes free): the server could not"
                    + " write its run_dir files or its log, so it could not say more; free some space and start again";
        }
        return "the server wrote no reason to its log (" + freeBytes + " bytes free on the disk of " + folder
                + "); start it in the foreground to see its output";
    }
}
