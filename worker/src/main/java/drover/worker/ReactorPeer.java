package drover.worker;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** The worker's end of its link to one reactor thread. Used only by the worker loop thread. */
final class ReactorPeer {
    private final int reactor;
    private final int thread;
    private final SocketChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer = new FrameWriter(64 * 1024);
    private SelectionKey key;
    private boolean dirty;
    private boolean drained;
    private boolean reading = true;

    ReactorPeer(int reactor, int thread, SocketChannel channel, int maxPayload) {
        this.reactor = reactor;
        this.thread = thread;
        this.channel = channel;
        this.reader = new FrameReader(maxPayload);
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

    int read(FrameSink sink) throws IOException, FrameFormatException {
        return reader.readFrom(channel, sink);
    }

    /** Queues a frame; returns true when the peer just became dirty (to be flushed at the end of the turn). */
    boolean append(FrameType type, int flags, long sessionId, int workerId, byte[] payload) {
        writer.append(type, flags, sessionId, workerId, payload, 0, payload.length);
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
        updateInterest(writer.pending() == 0);
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

    int pending() {
        return writer.pending();
    }
}
