package drover.worker;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.link.LinkInput;
import drover.common.link.LinkOutput;
import drover.common.link.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** The worker's end of its link to one reactor thread. Used only by the worker loop thread. */
final class ReactorPeer {
    private final int reactor;
    private final int thread;
    private final SocketChannel channel;
    private final FrameReader reader;
    private final LinkOutput writer;
    private final PayloadLimits limits;
    private final PayloadStore store;
    private SelectionKey key;
    private boolean dirty;
    private boolean drained;
    private boolean reading = true;

    private LinkInput input;

    ReactorPeer(int reactor, int thread, SocketChannel channel, PayloadLimits limits, PayloadStore store) {
        this.reactor = reactor;
        this.thread = thread;
        this.channel = channel;
        this.limits = limits;
        this.store = store;
        this.reader = new FrameReader(limits.maxFramePayload());
        this.writer = new LinkOutput(limits, store, 64 * 1024);
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    SocketChannel channel() {
        return channel;
    }

    String describe() {
        return "reactor#" + reactor + " thread " + thread;
    }

    /** Reads what arrived; the sink sees large payloads whole, once their last chunk is in. */
    int read(FrameSink sink) throws IOException, FrameFormatException {
        if (input == null) {
            input = new LinkInput(limits, store, sink);
        }
        return reader.readFrom(channel, input);
    }

    /**
     * Queues a frame; returns true when the peer just became dirty (to be flushed at the end of the turn).
     * A large payload is sent from the array itself, in chunks, over the next loop turns.
     */
    boolean append(FrameType type, int flags, long sessionId, int workerId, byte[] payload) {
        writer.append(type, flags, sessionId, workerId, payload);
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    void flush() throws IOException {
        dirty = false;
        boolean drained = writer.flushTo(channel);
        updateInterest(drained);
    }

    /** Stops or restarts reading frames from the reactor (the worker's own back-pressure). */
    void setReading(boolean read) {
        reading = read;
        updateInterest(writer.isEmpty());
    }

    private void updateInterest(boolean drained) {
        if (key.isValid()) {
            key.interestOps((reading ? SelectionKey.OP_READ : 0) | (drained ? 0 : SelectionKey.OP_WRITE));
        }
    }

    /** The reactor sent DRAIN (or the link closed): no more packets will come on this link. */
    void markDrained() {
        drained = true;
    }

    boolean isDrained() {
        return drained;
    }

    /** Whether frames are still waiting to be written (large payloads included). */
    boolean hasPending() {
        return !writer.isEmpty();
    }
}
