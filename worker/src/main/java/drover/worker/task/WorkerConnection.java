package drover.worker.task;

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

/**
 * A task worker's end of the link from one worker. Large tasks and results travel as on the reactor
 * links (chunks or a stored payload). Used only by the task worker's loop thread.
 */
final class WorkerConnection {
    private final SocketChannel channel;
    private final FrameReader reader;
    private final LinkOutput writer;
    private final PayloadLimits limits;
    private final PayloadStore store;
    private LinkInput input;
    private SelectionKey key;
    private String peer = "a worker";
    private boolean drained;
    private boolean open = true;

    WorkerConnection(SocketChannel channel, PayloadLimits limits, PayloadStore store) {
        this.channel = channel;
        this.limits = limits;
        this.store = store;
        this.reader = new FrameReader(limits.maxFramePayload());
        this.writer = new LinkOutput(limits, store, 16 * 1024);
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Reads what arrived; the sink sees large tasks whole, once their last part is in. */
    int read(FrameSink sink) throws IOException, FrameFormatException {
        if (input == null) {
            input = new LinkInput(limits, store, sink);
        }
        return reader.readFrom(channel, input);
    }

    /** A large payload is sent from this very array, over the next loop turns. */
    void append(FrameType type, int flags, long taskId, int workerId, byte[] payload) {
        writer.append(type, flags, taskId, workerId, payload);
    }

    /** Writes what the socket takes now; asks for OP_WRITE while bytes remain. */
    void flush() throws IOException {
        boolean done = writer.flushTo(channel);
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | (done ? 0 : SelectionKey.OP_WRITE));
        }
    }

    /** Whether frames are still waiting to be written, large payloads included. */
    boolean hasPending() {
        return !writer.isEmpty();
    }

    /** The worker's HELLO named it. */
    void identify(String who) {
        peer = who;
    }

    String describe() {
        return peer;
    }

    /** The worker said DRAIN: it sends no more tasks on this link. */
    void markDrained() {
        drained = true;
    }

    boolean drained() {
        return drained;
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            drover.common.log.Log.debug("closing the link from " + peer + ": " + e.getMessage());
        }
    }
}
