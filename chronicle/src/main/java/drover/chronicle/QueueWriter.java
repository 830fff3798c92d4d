package drover.chronicle;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** One thread's queue: Chronicle appenders belong to one thread, and so does this. */
final class QueueWriter implements AutoCloseable {
    private final Path dir;
    private final String name;
    private long appended;
    private final SingleChronicleQueue queue;
    /** The queue's clock: wall time, or one cycle past the last payload's, whichever is later. */
    private volatile long clock;

    QueueWriter(Path dir, long blockSize) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.queue = Queues.builder(dir, blockSize).timeProvider(() -> clock).build();
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** How many payloads this queue has taken. */
    long appended() {
        return appended;
    }

    /** Appends the payload in a cycle of its own and returns its index. */
    long append(byte[] payload) {
        clock = Math.max(System.currentTimeMillis(), clock + Queues.ROLL_CYCLE.lengthInMillis());
        appended++;
        // A fresh appender each time: closing it unmaps the cycle file, so once the reader deletes the
        // file its memory is really free, not held by this process until its next payload.
        try (ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().write(payload);
                return document.index();
            }
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
