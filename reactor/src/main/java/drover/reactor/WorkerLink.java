package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameType;
import drover.common.link.LinkOutput;
import drover.common.log.Log;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;

/**
 * One reactor thread's path to one worker slot. Frames queue here even while the slot has no
 * worker (it is being respawned), so packets wait instead of being lost; past the high watermark
 * the thread stops reading the clients of this slot. When a new worker of the slot says HELLO it
 * takes over at the next message boundary; the old one keeps sending its replies until it exits.
 * Large packets go out in chunks between the small frames (LinkOutput); past the reassembly bound of
 * large bytes queued, the connections sending them stop being read until the link catches up.
 */
final class WorkerLink {
    static final int HIGH_WATERMARK = 8 * 1024 * 1024;
    static final int LOW_WATERMARK = HIGH_WATERMARK / 4;

    private final int slot;
    private final LinkOutput out;
    /** Connections not read because this link was full, in the order they were stopped. */
    private final ArrayDeque<ClientConnection> paused = new ArrayDeque<>();
    /** Connections handed to the thread to read in their turn and not yet read. */
    private int admitted;
    private LinkChannel active;
    /** Runs when a worker takes the link over ({@link #onNewPeer}). */
    private Runnable newPeer = () -> {
    };
    private LinkChannel next;
    private boolean dirty;
    /** Counts the workers that became this slot's active one; the active one's number (LinkChannel.generation). */
    private int generation;

    WorkerLink(int slot, PayloadLimits limits) {
        this(slot, limits, null, null);
    }

    /**
     * With a store, large packets travel through it (large_payload=tmpfile, chronicle or shm) rather
     * than in chunks; the pool lends the copy of a large packet streamed in chunks.
     */
    WorkerLink(int slot, PayloadLimits limits, PayloadStore store, BufferPool pool) {
        this.slot = slot;
        this.out = new LinkOutput(limits, store, pool, 64 * 1024);
    }

    int slot() {
        return slot;
    }

    boolean isFull() {
        return out.pending() >= HIGH_WATERMARK;
    }

    /** Too many bytes of large packets wait here: the connection that sent one more should stop for now. */
    boolean holdsTooMuchLarge() {
        return out.largePending() > out.limits().reassemblyBound();
    }

    /** Bytes of frames queued for this worker and not yet written to its socket, large packets included. */
    int queuedBytes() {
        return (int) Math.min(Integer.MAX_VALUE, out.queuedBytes());
    }

    boolean hasWorker() {
        return active != null;
    }

    /**
     * The generation of the worker a frame queued now is written to: the active one's, or while there
     * is none, the next one's. Only a switch at a reload can hand a frame queued before it to the
     * newer worker (when the older one's socket was full), so this is exact but for that.
     */
    int deliveryGeneration() {
        return active != null ? generation : generation + 1;
    }

    private void activate(LinkChannel channel) {
        active = channel;
        if (channel != null) {
            channel.activated(++generation);
            newPeer.run();
        }
    }

    /**
     * What a new worker of this slot must be told first, queued the moment it takes the link over
     * (the WebSocket connections open): queued at its READY, it would reach the worker it replaces.
     */
    void onNewPeer(Runnable hook) {
        this.newPeer = hook;
    }

    /** Space to read a large packet into in place (large_payload=shm), or null: see LinkOutput.lendLarge. */
    ByteBuffer lendLarge(int length) {
        return out.lendLarge(length);
    }

    void giveBack(ByteBuffer lent) {
        out.giveBack(lent);
    }

    void trimIdle(long nowNanos) {
        out.trimIdle(nowNanos);
    }

    long storedPayloads() {
        return out.storedPayloads();
    }

    long storeBusy() {
        return out.storeBusy();
    }

    long storeFailures() {
        return out.storeFailures();
    }

    /** Queues a frame; returns true when the link just became dirty (the caller flushes it this turn). */
    boolean append(FrameType type, long sessionId, ByteBuffer payload) {
        out.append(type, 0, sessionId, slot, payload);
        return markDirty();
    }

    boolean append(FrameType type, long sessionId, byte[] payload) {
        return append(type, 0, sessionId, payload);
    }

    boolean append(FrameType type, int flags, long sessionId, byte[] payload) {
        out.append(type, flags, sessionId, slot, payload);
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
            discardForNewPeer();
            activate(channel);
        } else {
            next = channel; // switch when the active channel is at a message boundary
            out.holdStarts(true);
        }
        dirty = true;
    }

    /** A worker link closed. The frame it got only part of is lost with it; the rest waits for the next worker. */
    void detach(LinkChannel channel) {
        if (channel == next) {
            next = null;
            out.holdStarts(false);
        }
        if (channel == active) {
            discardForNewPeer();
            out.holdStarts(false);
            activate(next);
            next = null;
            dirty = true;
        }
    }

    private void discardForNewPeer() {
        int lost = out.discardForNewPeer();
        if (lost > 0) {
            Log.warn("worker#" + slot + ": " + lost + " large packet(s) were on their way to a worker that is gone; dropped");
        }
    }

    /** Writes queued frames to the active worker; returns true when everything went out. */
    boolean flush() throws IOException {
        dirty = false;
        if (active == null) {
            return out.pending() == 0;
        }
        boolean drained = out.flushTo(active.channel());
        if (next != null && out.atMessageBoundary()) {
            active.retire();
            activate(next);
            next = null;
            out.peerChanged(); // the retired worker may still read what it got; what follows goes to a fresh ring
            out.holdStarts(false);
            drained = out.flushTo(active.channel());
        }
        active.wantWrite(!drained);
        return drained;
    }

    /**
     * Once the link is back under its low watermark, hands over the connections it stopped, in the
     * order they were stopped, for the thread to read in that order: resumed all at once, they would
     * be read in the selector's key order, which is the same every time, so the same connections would
     * fill the link again and the ones late in that order would never be read.
     */
    void takeResumable(Collection<ClientConnection> into) {
        if (!paused.isEmpty() && out.pending() <= LOW_WATERMARK && !holdsTooMuchLarge()) {
            into.addAll(paused);
            admitted += paused.size();
            paused.clear();
        }
    }

    /** A connection handed over by {@link #takeResumable} had its turn. */
    void turnTaken() {
        admitted--;
    }

    /** Connections wait for their turn here: another may not read ahead of them, or it would jump the line. */
    boolean hasWaiting() {
        return admitted > 0 || !paused.isEmpty();
    }
}
