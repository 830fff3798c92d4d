package drover.chronicle;

import drover.common.frame.FrameFormatException;
import drover.common.log.Log;
import drover.common.payload.PayloadStore;
import drover.common.payload.PerLinkStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * large_payload=chronicle: a payload goes into this process's Chronicle Queue in shm_dir, or, when
 * that fails (shm_dir missing, unwritable or full), into a temp file; when that fails too the caller
 * streams it (LinkOutput). Each reference starts with a kind byte saying
 * which store holds the payload, so the receiver takes it from the right one.
 */
final class QueueFirstStore implements PerLinkStore {
    static final byte KIND_FILE = 1;
    static final byte KIND_QUEUE = 2;

    /** Null only in tests: a process with this module always has its queue, which may refuse payloads. */
    private final PayloadStore queue;
    private final PayloadStore files;
    /** Shared by the process's links, so the log counts every failure. */
    private final java.util.concurrent.atomic.AtomicLong queueFailures;

    QueueFirstStore(PayloadStore queue, PayloadStore files) {
        this(queue, files, new java.util.concurrent.atomic.AtomicLong());
    }

    private QueueFirstStore(PayloadStore queue, PayloadStore files, java.util.concurrent.atomic.AtomicLong queueFailures) {
        this.queue = queue;
        this.files = files;
        this.queueFailures = queueFailures;
    }

    /** With the link's own queue: each queue has one writer and one reader (ChronicleStore). */
    @Override
    public PayloadStore forOutput() {
        return new QueueFirstStore(queue == null ? null : PerLinkStore.output(queue), files, queueFailures);
    }

    /** Reads take the payload from whichever store the reference names: no view of a link's own. */
    @Override
    public PayloadStore forInput() {
        return this;
    }

    @Override
    public byte[] put(byte[] payload) throws IOException {
        if (queue != null) {
            try {
                return withKind(KIND_QUEUE, queue.put(payload));
            } catch (IOException e) {
                noteQueueFailure(e.getMessage());
            }
        }
        return withKind(KIND_FILE, files.put(payload));
    }

    private void noteQueueFailure(String why) {
        long failures = queueFailures.incrementAndGet();
        if (failures == 1 || failures % 1000 == 0) {
            Log.warn("large payload not put in the Chronicle Queue (" + failures + " so far): " + why
                    + "; using a file in " + files.describe() + " instead");
        }
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        if (!reference.hasRemaining()) {
            throw new FrameFormatException("empty large payload reference");
        }
        byte kind = reference.get();
        return switch (kind) {
            case KIND_FILE -> files.take(reference, maxLength);
            case KIND_QUEUE -> {
                if (queue == null) {
                    throw new IOException("a payload in a Chronicle Queue, but this process has no Chronicle"
                            + " (drover-chronicle jars missing from its class path)");
                }
                yield queue.take(reference, maxLength);
            }
            default -> throw new FrameFormatException("large payload reference of unknown kind " + kind);
        };
    }

    private static byte[] withKind(byte kind, byte[] reference) {
        return ByteBuffer.allocate(1 + reference.length).put(kind).put(reference).array();
    }

    @Override
    public String describe() {
        return (queue == null ? "no Chronicle Queue (module missing)" : queue.describe()) + ", then " + files.describe();
    }
}
