package drover.common.link;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.log.Log;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One end of a framed link on a selector: the socket, the frames read from it (large payloads
 * handed on whole once their last part is in) and those waiting to go out (small frames coalesced,
 * large payloads in chunks or by the store). Its owner adds what the link means to it: a reactor
 * thread, a task worker, a calling worker. Used by one thread only.
 */
public final class LinkEnd {
    private final SocketChannel channel;
    private final PayloadLimits limits;
    private final PayloadStore store;
    private final FrameReader reader;
    private final LinkOutput writer;
    private LinkInput input;
    /** Set when the sink is done with every payload on return: large ones are then read in place (LinkInput's pool). */
    private BufferPool inPlacePool;
    private SelectionKey key;
    private boolean reading = true;

    /** @param writeBuffer the initial size of the buffer frames are coalesced in */
    public LinkEnd(SocketChannel channel, PayloadLimits limits, PayloadStore store, int writeBuffer) {
        this.channel = channel;
        this.limits = limits;
        this.store = store;
        this.reader = new FrameReader(limits.maxFramePayload());
        this.writer = new LinkOutput(limits, store, writeBuffer);
    }

    public void register(SelectionKey key) {
        this.key = key;
    }

    public SocketChannel channel() {
        return channel;
    }

    /**
     * Promises that the sink is done with each payload when it returns, before the first read: large
     * payloads are then handed over in place (a ring's entry) or joined in the pool's buffers, not
     * copied into arrays of their own.
     */
    public void readInPlace(BufferPool pool) {
        if (input != null) {
            throw new IllegalStateException("readInPlace after the first read");
        }
        inPlacePool = pool;
    }

    /** Reads what arrived; the sink sees large payloads whole, once their last part is in. */
    public int read(FrameSink sink) throws IOException, FrameFormatException {
        if (input == null) {
            input = new LinkInput(limits, store, inPlacePool, sink);
        }
        return reader.readFrom(channel, input);
    }

    /** Queues a frame. A large payload is sent from this very array, over the next loop turns. */
    public void append(FrameType type, int flags, long sessionId, int workerId, byte[] payload) {
        writer.append(type, flags, sessionId, workerId, payload);
    }

    /**
     * Queues the payload's remaining bytes and consumes them: a copy made now (LinkOutput.append(ByteBuffer)),
     * or, for the very payload this link's peer stored and lent the sink during its call, whole, only
     * its reference back to that peer (LinkInput.handBack), with no copy at all.
     */
    public void append(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload) {
        byte[] reference = input == null ? null : input.handBack(payload);
        if (reference != null) {
            writer.appendStored(type, flags, sessionId, workerId, reference);
            payload.position(payload.limit());
            return;
        }
        writer.append(type, flags, sessionId, workerId, payload);
    }

    /** Writes what the socket takes now; asks for OP_WRITE while bytes remain. */
    public void flush() throws IOException {
        updateInterest(writer.flushTo(channel));
    }

    /** Now and then: gives back the memory the link's store holds for it while idle (LinkOutput.trimIdle). */
    public void trimIdle(long nowNanos) {
        writer.trimIdle(nowNanos);
    }

    /** Stops or restarts reading frames (the owner's own back-pressure). */
    public void setReading(boolean read) {
        reading = read;
        updateInterest(writer.isEmpty());
    }

    private void updateInterest(boolean allWritten) {
        if (key.isValid()) {
            key.interestOps((reading ? SelectionKey.OP_READ : 0) | (allWritten ? 0 : SelectionKey.OP_WRITE));
        }
    }

    /** Whether frames are still waiting to be written, large payloads included. */
    public boolean hasPending() {
        return !writer.isEmpty();
    }

    /** Unregisters and closes the socket and lets go of the link's payload rings; a failure to close is only logged, naming the peer. */
    public void close(String peer) {
        writer.close();
        if (input != null) {
            input.discardAssemblies();
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            Log.debug("closing the link with " + peer + ": " + e.getMessage());
        }
    }
}
