package drover.chronicle;

import drover.common.payload.PayloadStore;
import drover.common.payload.QueueStoreFactory;
import drover.common.payload.QueueDirs;
import java.nio.file.Files;
import java.nio.file.Path;

/** Found by common through ServiceLoader (META-INF/services). */
public final class ChronicleStoreFactory implements QueueStoreFactory {
    @Override
    public PayloadStore open(Path dir, Path runDir, long pid, long blockSize) {
        // Chronicle's first use costs one to three seconds of class initialisation and set-up on a busy
        // machine: done in the background, it delays neither READY nor the first large payload's event
        // loop (docs/benchmarks-history.md, "Large payloads (issue 6)"). Queue 0 of each process is the
        // throwaway warm-up one.
        Path warmUpQueue = dir.resolve(QueueDirs.name(runDir, pid, 0));
        boolean queueable = Files.isDirectory(dir) || Files.isDirectory(dir.getParent());
        Thread.ofPlatform().daemon().name("chronicle-warm-up").start(() -> {
            ChronicleLog.install();
            if (queueable) {
                Queues.warmUp(warmUpQueue, blockSize);
            }
        });
        return new ChronicleStore(dir, runDir, pid, blockSize);
    }
}
