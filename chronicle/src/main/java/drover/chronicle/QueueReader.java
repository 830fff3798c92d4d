package drover.chronicle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The reading end of one link's queue (QueueWriter): its only reader, with one tailer for its life
 * that reads forward in the order the references arrive on the link. Once the tailer is in a later
 * cycle, it deletes the files of the cycles it has left: the way Chronicle's maintainers advise
 * (drive deletion from the one tailer), and never a file either end may open again.
 */
final class QueueReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private ExcerptTailer tailer;
    private long lastTaken = -1;

    QueueReader(Path dir, long blockSize) {
        this.dir = dir;
        this.queue = Queues.builder(dir, blockSize).build();
    }

    boolean isGone() {
        return !Files.isDirectory(dir);
    }

    /** The payload at index, which must be length bytes long: the next payload in the queue, normally. */
    synchronized byte[] take(long index, int length) throws IOException {
        if (tailer == null) {
            start(index);
        } else if (index <= lastTaken) {
            throw new IOException("payload at index " + Long.toHexString(index) + " in " + dir + " was taken already");
        }
        try {
            byte[] data = read(index, length);
            lastTaken = index;
            return data;
        } finally {
            stepPastMarker();
            deleteCyclesBefore(tailer.cycle());
        }
    }

    /**
     * A new reader (the first, or one in a respawned worker whose peer link's queue carries on) starts at
     * the first payload it is sent; anything before it was for a reader that is gone.
     */
    private void start(long index) throws IOException {
        queue.refreshDirectoryListing(); // files an earlier reader deleted must not be taken for the start
        tailer = queue.createTailer();
        if (!tailer.moveToIndex(index)) {
            throw new IOException("no payload at index " + Long.toHexString(index) + " in queue " + dir);
        }
        deleteCyclesBefore(Queues.ROLL_CYCLE.toCycle(index));
    }

    private byte[] read(long index, int length) throws IOException {
        while (true) {
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    throw new IOException("payload at index " + Long.toHexString(index) + " in " + dir
                            + " is not there (the tailer is at " + Long.toHexString(tailer.index()) + ")");
                }
                long at = document.index();
                if (at < index) {
                    continue; // a marker, or a payload whose reference never went out (its marker failed)
                }
                if (at > index) {
                    throw new IOException("payload at index " + Long.toHexString(index) + " in " + dir
                            + " was passed (the next entry is at " + Long.toHexString(at) + ")");
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

    // The writer appends the marker before the reference goes out, so it is there.
    private void stepPastMarker() {
        try (DocumentContext document = tailer.readingDocument()) {
            if (document.isPresent() && document.wire().bytes().readRemaining() > 0) {
                document.rollbackOnClose(); // not a marker: a later payload, left for its reference
            }
        }
    }

    private void deleteCyclesBefore(int cycle) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(Queues.SUFFIX) && Queues.cycleOf(name) < cycle) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (tailer != null) {
            tailer.close();
        }
        queue.close();
    }
}
