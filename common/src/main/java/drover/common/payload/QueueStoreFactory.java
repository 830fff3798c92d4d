package drover.common.payload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Makes the Chronicle Queue store. It lives in the drover-chronicle module, which the manager puts on a
 * child's class path only for large_payload=chronicle, so common finds it through ServiceLoader.
 *
 * <p>Only this interface is in {@code common}, because {@link PayloadStores} looks it up; its one
 * implementation, {@code drover.chronicle.ChronicleStoreFactory}, and everything that touches
 * Chronicle's API are in the {@code chronicle} module.
 */
public interface QueueStoreFactory {
    /**
     * @param dir       shm_dir, absolute; created if missing (its parent must exist)
     * @param runDir    the server's run dir, whose tag every queue directory's name carries (QueueDirs)
     * @param pid       this process
     * @param blockSize Chronicle's block size: at least 4 times the largest payload
     */
    PayloadStore open(Path dir, Path runDir, long pid, long blockSize) throws IOException;

    /** The factory on the class path, or null when the drover-chronicle module is not there. */
    static QueueStoreFactory find() {
        // common's own loader, not the thread's: a worker's loop thread has the app's as its context loader
        return ServiceLoader.load(QueueStoreFactory.class, QueueStoreFactory.class.getClassLoader()).findFirst().orElse(null);
    }
}
