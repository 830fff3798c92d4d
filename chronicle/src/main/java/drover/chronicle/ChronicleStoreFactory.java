package drover.chronicle;

import drover.common.payload.PayloadStore;
import drover.common.payload.QueueStoreFactory;
import java.nio.file.Path;

/** Found by common through ServiceLoader (META-INF/services). */
public final class ChronicleStoreFactory implements QueueStoreFactory {
    @Override
    public PayloadStore open(Path dir, Path runDir, long pid, long blockSize) {
        return new ChronicleStore(dir, runDir, pid, blockSize);
    }
}
