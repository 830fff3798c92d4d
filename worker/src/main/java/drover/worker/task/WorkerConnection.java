package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A task worker's end of the link from one worker. Used only by the task worker's loop thread. */
final class WorkerConnection {
    private final SocketChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer = new FrameWriter(16 * 1024);
    private SelectionKey key;
    private String peer = "a worker";
    private boolean drained;
    private boolean open = true;

    WorkerConnection(SocketChannel channel, int maxPayload) {
        this.channel = channel;
        this.reader = new FrameReader(maxPayload);
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    SocketChannel channel() {
        return channel;
    }

    int read(FrameSink sink) throws IOException, FrameFormatException {
        return reader.readFrom(channel, sink);
    }

    void append(FrameType type, int flags, long taskId, int workerId, byte[] payload) {
        writer.append(type, flags, taskId, workerId, payload, 0, payload.length);
    }

    /** Writes what the socket takes now; asks for OP_WRITE while bytes remain. */
    void flush() throws IOException {
        boolean done = writer.flushTo(channel);
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | (done ? 0 : SelectionKey.OP_WRITE));
        }
    }

    int pending() {
        return writer.pending();
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
