package drover.chronicle;

import drover.common.frame.FrameFormatException;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One link's output into a queue of its own (ChronicleStore.forOutput): the queue's only writer, so its
 * peer is the queue's only reader and reads it in order. Locked, in case the link is fed from more
 * than one thread; taking goes to the process's store, which has a reader per queue.
 */
final class LinkQueue implements PayloadStore {
    private final ChronicleStore store;
    private QueueWriter writer;

    LinkQueue(ChronicleStore store) {
        this.store = store;
    }

    @Override
    public synchronized byte[] put(byte[] payload) throws IOException {
        ClassLoader saved = ChronicleStore.useOwnContextLoader();
        try {
            long[] index = new long[1];
            writer = store.append(writer, payload, index);
            return ChronicleStore.reference(payload.length, index[0], writer.name());
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
        }
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        return store.take(reference, maxLength);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
