package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/** A worker's link to one task worker, with the tasks sent on it and not yet answered. Loop thread only. */
final class TaskLink {
    private final int slot;
    private final int generation;
    private final SocketChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer = new FrameWriter(16 * 1024);
    private final Map<Long, TaskCall> outstanding = new LinkedHashMap<>();
    private SelectionKey key;
    private boolean listed = true;

    TaskLink(int slot, int generation, SocketChannel channel, int maxPayload) {
        this.slot = slot;
        this.generation = generation;
        this.channel = channel;
        this.reader = new FrameReader(maxPayload);
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    int slot() {
        return slot;
    }

    int generation() {
        return generation;
    }

    boolean is(int slot, int generation) {
        return this.slot == slot && this.generation == generation;
    }

    String describe() {
        return "task_worker#" + slot + " (generation " + generation + ")";
    }

    /** Still in the manager's list: it takes new tasks. An unlisted link only answers what it has. */
    boolean listed() {
        return listed;
    }

    /** No longer listed (a reload or recycle retires it): DRAIN follows the last TASK on the link. */
    void unlist(int workerSlot) {
        listed = false;
        append(FrameType.DRAIN, 0, workerSlot, new byte[0]);
    }

    void send(TaskCall call, int workerSlot) {
        outstanding.put(call.id(), call);
        append(FrameType.TASK, call.id(), workerSlot, call.data());
    }

    void append(FrameType type, long session, int workerSlot, byte[] payload) {
        writer.append(type, 0, session, workerSlot, payload, 0, payload.length);
    }

    /** The task's call, removed; null when it is not outstanding here (its caller stopped waiting). */
    TaskCall answered(long taskId) {
        return outstanding.remove(taskId);
    }

    Map<Long, TaskCall> outstanding() {
        return outstanding;
    }

    int read(FrameSink sink) throws IOException, FrameFormatException {
        return reader.readFrom(channel, sink);
    }

    void flush() throws IOException {
        boolean done = writer.flushTo(channel);
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | (done ? 0 : SelectionKey.OP_WRITE));
        }
    }

    int pending() {
        return writer.pending();
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            drover.common.log.Log.debug("closing the link to " + describe() + ": " + e.getMessage());
        }
    }
}
