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
    private ExcerptAppender appender;
    private final String anchorFile;
    private final SingleChronicleQueue queue;
    /** The queue's clock: wall time, or one cycle past the last payload's, whichever is later. */
    private volatile long clock;

    QueueWriter(Path dir, long blockSize) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.queue = Queues.builder(dir, blockSize).timeProvider(() -> clock).build();
        // An empty first entry whose cycle file nobody deletes: a new tailer goes to the queue's first
        // cycle, and a first cycle whose file a reader had deleted made Chronicle re-create it and wait,
        // forever, for a header nobody writes (a reactor thread hung in createTailer under load).
        this.anchorFile = Queues.cycleFileName(Queues.ROLL_CYCLE.toCycle(write(new byte[0])));
    }

    /** The name of the cycle file that holds the anchor entry: every other one holds a payload. */
    String anchorFile() {
        return anchorFile;
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
        appended++;
        return write(payload);
    }

    private long write(byte[] payload) {
        clock = Math.max(System.currentTimeMillis(), clock + Queues.ROLL_CYCLE.lengthInMillis());
        // One appender for the queue's life. A new appender opens the queue's last cycle, whose file its
        // reader has deleted: Chronicle re-creates it and waits for a header nobody writes, which hung the
        // event loop under load. The held one rolls straight to the next cycle instead; the price is that
        // the last payload's pages stay mapped here (their file is gone) until this thread's next payload.
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(payload);
            return document.index();
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }
}
