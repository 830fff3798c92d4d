package drover.worker;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.link.LinkEnd;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** The worker's end of its link to one reactor thread. Used only by the worker loop thread. */
final class ReactorPeer {
    private final int reactor;
    private final int thread;
    private final LinkEnd end;
    private FrameSink sink;
    private boolean dirty;
    private boolean drained;

    ReactorPeer(int reactor, int thread, SocketChannel channel, PayloadLimits limits, PayloadStore store) {
        this.reactor = reactor;
        this.thread = thread;
        this.end = new LinkEnd(channel, limits, store, 64 * 1024);
    }

    void register(SelectionKey key) {
        end.register(key);
    }

    SocketChannel channel() {
        return end.channel();
    }

    String describe() {
        return "reactor#" + reactor + " thread " + thread;
    }

    /** Where {@link #read} delivers this peer's frames; set once, so no sink is made per read. */
    void deliverTo(FrameSink frames) {
        this.sink = frames;
    }

    /** The loop is done with each packet when its sink returns (LinkEnd.readInPlace); before the first read. */
    void readInPlace(BufferPool pool) {
        end.readInPlace(pool);
    }

    /** Reads what arrived; the sink sees large payloads whole, once their last chunk is in. */
    int read() throws IOException, FrameFormatException {
        return end.read(sink);
    }

    /**
     * Queues a frame; returns true when the peer just became dirty (to be flushed at the end of the turn).
     * A large payload is sent from the array itself, in chunks, over the next loop turns.
     */
    boolean append(FrameType type, int flags, long sessionId, int workerId, byte[] payload) {
        end.append(type, flags, sessionId, workerId, payload);
        return markDirty();
    }

    /**
     * As {@link #append(FrameType, int, long, int, byte[])}, for a payload copied now (into the link or
     * its ring), or handed back by reference when it is the large packet this link lent (LinkEnd.append).
     */
    boolean append(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload) {
        end.append(type, flags, sessionId, workerId, payload);
        return markDirty();
    }

    private boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    void trimIdle(long nowNanos) {
        end.trimIdle(nowNanos);
    }

    void flush() throws IOException {
        dirty = false;
        end.flush();
    }

    /** Stops or restarts reading frames from the reactor (the worker's own back-pressure). */
    void setReading(boolean read) {
        end.setReading(read);
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
        return end.hasPending();
    }
}
