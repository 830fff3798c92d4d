package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.link.LinkEnd;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's link to one task worker, with the tasks sent on it and not yet answered. Large tasks and
 * results take the large-payload path of the reactor links (chunks or a stored payload), so a small
 * task never waits behind a large one. Loop thread only.
 */
final class TaskLink {
    private final int slot;
    private final int generation;
    private final LinkEnd end;
    private final Map<Long, TaskCall> outstanding = new LinkedHashMap<>();
    private boolean listed = true;

    TaskLink(int slot, int generation, SocketChannel channel, PayloadLimits limits, PayloadStore store) {
        this.slot = slot;
        this.generation = generation;
        this.end = new LinkEnd(channel, limits, store, 16 * 1024);
    }

    void register(SelectionKey key) {
        end.register(key);
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

    /** A large payload is sent from this very array, over the next loop turns. */
    void append(FrameType type, long session, int workerSlot, byte[] payload) {
        end.append(type, 0, session, workerSlot, payload);
    }

    void append(FrameType type, int flags, long session, int workerSlot, byte[] payload) {
        end.append(type, flags, session, workerSlot, payload);
    }

    /** The task's call, removed; null when it is not outstanding here (its caller stopped waiting). */
    TaskCall answered(long taskId) {
        return outstanding.remove(taskId);
    }

    Map<Long, TaskCall> outstanding() {
        return outstanding;
    }

    /** Reads what arrived; the sink sees large results whole, once their last part is in. */
    int read(FrameSink sink) throws IOException, FrameFormatException {
        return end.read(sink);
    }

    void flush() throws IOException {
        end.flush();
    }

    /** Whether frames are still waiting to be written, large payloads included. */
    boolean hasPending() {
        return end.hasPending();
    }

    void trimIdle(long nowNanos) {
        end.trimIdle(nowNanos);
    }

    void close() {
        end.close(describe());
    }
}
