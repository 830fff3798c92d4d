package drover.reactor;

import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One reactor thread's path to one worker slot. Frames queue here even while the slot has no
 * worker (it is being respawned), so packets wait instead of being lost; past the high watermark
 * the thread stops reading the clients of this slot. When a new worker of the slot says HELLO it
 * takes over at the next frame boundary; the old one keeps sending its replies until it exits.
 */
final class WorkerLink {
    static final int HIGH_WATERMARK = 8 * 1024 * 1024;
    static final int LOW_WATERMARK = HIGH_WATERMARK / 4;

    private final int slot;
    private final FrameWriter out = new FrameWriter(64 * 1024);
    private final List<ClientConnection> paused = new ArrayList<>();
    private LinkChannel active;
    private LinkChannel next;
    private boolean dirty;

    WorkerLink(int slot) {
        this.slot = slot;
    }

    int slot() {
        return slot;
    }

    boolean isFull() {
        return out.pending() >= HIGH_WATERMARK;
    }

    /** Bytes of frames queued for this worker and not yet written to its socket. */
    int queuedBytes() {
        return out.pending();
    }

    boolean hasWorker() {
        return active != null;
    }

    /** Queues a frame; returns true when the link just became dirty (the caller flushes it this turn). */
    boolean append(FrameType type, long sessionId, ByteBuffer payload) {
        out.append(type, 0, sessionId, slot, payload);
        return markDirty();
    }

    boolean append(FrameType type, long sessionId, byte[] payload) {
        out.append(type, sessionId, slot, payload);
        return markDirty();
    }



    private boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    void pause(ClientConnection connection) {
        paused.add(connection);
    }

    /** A worker of this slot ran onWorkerStart and said READY on this link. */
    void attach(LinkChannel channel) {
        if (active == null) {
            out.discardPartialFrame();
            active = channel;
        } else {
            next = channel; // switch when the active channel is at a frame boundary
        }
        dirty = true;
    }

    /** A worker link closed. The frame it got only part of is lost with it; the rest waits for the next worker. */
    void detach(LinkChannel channel) {
        if (channel == next) {
            next = null;
        }
        if (channel == active) {
            out.discardPartialFrame();
            active = next;
            next = null;
            dirty = true;
        }
    }

    /** Writes queued frames to the active worker; returns true when everything went out. */
    boolean flush() throws IOException {
        dirty = false;
        if (active == null) {
            return out.pending() == 0;
        }
        boolean drained = out.flushTo(active.channel());
        if (next != null && (drained || out.atFrameBoundary())) {
            active.retire();
            active = next;
            next = null;
            drained = out.flushTo(active.channel());
        }
        active.wantWrite(!drained);
        if (out.pending() <= LOW_WATERMARK && !paused.isEmpty()) {
            for (ClientConnection c : paused) {
                c.resumeReading();
            }
            paused.clear();
        }
        return drained;
    }
}
