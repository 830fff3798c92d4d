package drover.chronicle;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The writing end of one link's queue: one appender for the queue's life, made here and never again
 * (a new appender re-opens the last cycle, whose file the reader may have deleted: Chronicle then
 * re-creates it and waits for a header nobody writes). Callers hold the link's lock, so one thread
 * at a time appends.
 */
final class QueueWriter implements AutoCloseable {
    private static final byte[] MARKER = new byte[0];

    private final Path dir;
    private final String name;
    private long appended;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    /** The queue's clock: wall time, or one cycle past the last entry's, whichever is later. */
    private volatile long clock;
    private int lastMarkerCycle = Integer.MIN_VALUE;

    QueueWriter(Path dir, long blockSize) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.queue = Queues.builder(dir, blockSize).timeProvider(() -> clock).build();
        this.appender = queue.createAppender();
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** The cycle file of the newest marker: the one file a fully read queue still holds (QueueReader). */
    String lastMarkerFile() {
        return lastMarkerCycle == Integer.MIN_VALUE ? null : Queues.cycleFileName(lastMarkerCycle);
    }

    /** How many payloads this queue has taken. */
    long appended() {
        return appended;
    }

    /**
     * Appends the payload in a cycle of its own, then an empty marker in the next cycle, and returns the
     * payload's index. The marker lets the reader step past the payload's cycle as soon as it has read
     * it, so it may delete that file at once: neither end will open it again (the appender left it when
     * it wrote the marker, and the tailer only goes forward).
     */
    long append(byte[] payload) {
        long index = write(payload);
        lastMarkerCycle = Queues.ROLL_CYCLE.toCycle(write(MARKER));
        appended++;
        return index;
    }

    private long write(byte[] payload) {
        clock = Math.max(System.currentTimeMillis(), clock + Queues.ROLL_CYCLE.lengthInMillis());
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(payload);
            return document.index();
        }
    }

    @Override
    public void close() {
        appender.close();
        queue.close();
    }
}
