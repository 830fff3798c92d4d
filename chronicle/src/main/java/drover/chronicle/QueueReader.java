package drover.chronicle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads payloads from another process's queue, and deletes each cycle file once its payload is read. */
final class QueueReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;

    QueueReader(Path dir, long blockSize) {
        this.dir = dir;
        this.queue = Queues.builder(dir, blockSize).build();
    }

    boolean isGone() {
        return !Files.isDirectory(dir);
    }

    /** The payload at index, which must be length bytes long. A tailer per read, so any thread may call this. */
    byte[] take(long index, int length) throws IOException {
        // closing the tailer unmaps the cycle file, so deleting it in free() gives its memory back at once
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new IOException("no payload at index " + Long.toHexString(index) + " in queue " + dir
                        + " (taken already, or its writer died and the manager swept it)");
            }
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    throw new IOException("payload at index " + Long.toHexString(index) + " in " + dir + " is not there");
                }
                Bytes<?> bytes = document.wire().bytes();
                if (bytes.readRemaining() != length) {
                    throw new IOException("payload at index " + Long.toHexString(index) + " in " + dir + " has "
                            + bytes.readRemaining() + " bytes, expected " + length);
                }
                byte[] data = new byte[length];
                bytes.read(data);
                return data;
            }
        }
    }

    /**
     * Deletes the cycle file that held the payload at index: it held nothing else (QueueWriter). By index,
     * not from a StoreFileListener: Chronicle reports releases late and for any cycle a tailer looked at.
     */
    void free(long index) throws IOException {
        Files.deleteIfExists(dir.resolve(Queues.cycleFileName(Queues.ROLL_CYCLE.toCycle(index))));
    }

    @Override
    public void close() {
        queue.close();
    }
}
