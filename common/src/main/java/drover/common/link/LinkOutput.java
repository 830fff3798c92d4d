package drover.common.link;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.log.Log;
import drover.common.payload.LendingOutput;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import drover.common.payload.PerLinkStore;
import drover.common.session.SessionMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The frames one process sends on one link. A payload above the threshold goes out in chunks of at
 * most 1 MiB, one chunk per flush round, so the small frames of other sessions slip in between
 * instead of waiting behind it. Order is kept where it matters: a frame never overtakes an earlier
 * large payload of the same session (a session's packets, or its close, stay in order), a pipe
 * message never overtakes an earlier pipe message, and any other frame without a session (DRAIN) waits
 * for everything before it. Used by one thread.
 */
public final class LinkOutput {
    /**
     * The write buffer a link keeps, direct, once a burst grew it: room for the reactor's 8 MiB high
     * watermark of whole frames and what one more read adds (the buffer doubles to 16 MiB). Smaller,
     * fifty clients sending 1 MiB packets grew it onto the heap, where every write went through a
     * temporary copy and each new buffer, too large for the young generation, filled the old one.
     */
    private static final int RETAINED_BUFFER = 16 * FrameHeader.MAX_CHUNK;
    /** Chunks of large payloads moved into the write buffer per flush round, at most. */
    private static final int CHUNKS_PER_ROUND = 2;
    private final FrameWriter out;
    private final PayloadLimits limits;
    /** Where large payloads go instead of the socket (large_payload=tmpfile or chronicle); null: streamed. */
    private final PayloadStore store;
    /** The store when it lends space and holds memory for the link (shm rings); null otherwise. */
    private final LendingOutput lending;
    /** Where copies of large payloads come from; null: a new array each. */
    private final BufferPool pool;
    private long storeFailures;
    private long storeBusy;
    private long stored;
    /** Frames and large payloads not yet wholly in {@link #out}, in the order they were appended. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final SessionMap<int[]> waitingByKey = new SessionMap<>(); // key -> {count}: no boxed id per lookup
    /** pump()'s sessions with a payload ahead that has not gone, kept between calls so a call allocates nothing. */
    private final SessionMap<Pending> blocked = new SessionMap<>();
    private int waitingBarriers;
    /** Bytes of small frames held in {@link #waiting}. */
    private int heldBytes;
    /** Bytes of large payloads not yet turned into chunks. */
    private long largeBytes;
    /** Total sizes of large payloads whose first chunk is out and last is not: what the peer is holding. */
    private long startedBytes;
    /** While true no new large payload starts (a switch to another peer waits for a message boundary). */
    private boolean holdStarts;

    public LinkOutput(PayloadLimits limits, int initialCapacity) {
        this(limits, null, initialCapacity);
    }

    /** With a store, a large payload goes there and only a PAYLOAD_REF frame crosses the link. */
    public LinkOutput(PayloadLimits limits, PayloadStore store, int initialCapacity) {
        this(limits, store, null, initialCapacity);
    }

    /** With a pool, the copy a large payload appended from a caller's buffer needs comes from it and goes back once sent. */
    public LinkOutput(PayloadLimits limits, PayloadStore store, BufferPool pool, int initialCapacity) {
        this.limits = limits;
        this.store = store == null ? null : PerLinkStore.output(store); // a queue store gives each link its own queue
        this.lending = this.store instanceof LendingOutput ring ? ring : null;
        this.pool = pool;
        this.out = FrameWriter.direct(initialCapacity, RETAINED_BUFFER);
    }

    public PayloadLimits limits() {
        return limits;
    }

    /** Queues a payload the caller keeps using: a small one is copied now, a large one too. */
    public void append(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload) {
        int length = payload.remaining();
        checkSize(type, length);
        boolean large = limits.isLarge(length);
        if (!large && !mustWait(type, sessionId)) {
            out.append(type, flags, sessionId, workerId, payload);
            return;
        }
        if (large && store != null && appendReference(type, flags, sessionId, workerId, payload)) {
            return;
        }
        if (large && pool != null) {
            ByteBuffer copy = pool.take(length);
            copy.put(0, payload, payload.position(), length);
            payload.position(payload.limit());
            enqueue(new Pending(type, flags, sessionId, workerId, copy, true, pool));
            return;
        }
        byte[] copy = new byte[length];
        payload.get(copy);
        if (large) { // not append(byte[]): that would offer it to the store a second time
            enqueue(new Pending(type, flags, sessionId, workerId, ByteBuffer.wrap(copy), true, null));
        } else {
            append(type, flags, sessionId, workerId, copy);
        }
    }

    /** Queues a payload the caller hands over: a large one is sent from this very array, so do not change it. */
    public void append(FrameType type, int flags, long sessionId, int workerId, byte[] payload) {
        checkSize(type, payload.length);
        boolean large = limits.isLarge(payload.length);
        if (large && store != null && appendReference(type, flags, sessionId, workerId, ByteBuffer.wrap(payload))) {
            return;
        }
        if (!large && !mustWait(type, sessionId)) {
            out.append(type, flags, sessionId, workerId, payload, 0, payload.length);
            return;
        }
        enqueue(new Pending(type, flags, sessionId, workerId, ByteBuffer.wrap(payload), large, null));
    }

    private void enqueue(Pending p) {
        waiting.add(p);
        if (p.isBarrier()) {
            waitingBarriers++;
        } else {
            int[] count = waitingByKey.get(p.key());
            if (count == null) {
                waitingByKey.put(p.key(), new int[] {1});
            } else {
                count[0]++;
            }
        }
        if (p.large) {
            largeBytes += p.length;
        } else {
            heldBytes += p.length;
        }
    }

    /**
     * Puts the payload in the store and queues a PAYLOAD_REF (original type code u8, then the store's
     * reference) like any small frame, so it keeps its place in the order. A store that fails (a full
     * or unwritable disk) costs nothing but speed: the payload is streamed instead, and the log says why.
     * So does a store with no room just now (a ring its reader has not caught up on), silently.
     * The payload is consumed only when it was stored.
     */
    private boolean appendReference(FrameType type, int flags, long sessionId, int workerId, ByteBuffer payload) {
        byte[] reference;
        try {
            reference = store.put(payload);
        } catch (java.io.IOException e) {
            storeFailures++;
            if (storeFailures == 1 || storeFailures % 1000 == 0) {
                Log.warn("large payload not stored (" + storeFailures + " so far): " + e.getMessage()
                        + "; streaming it over the link instead");
            }
            return false;
        }
        if (reference == null) {
            storeBusy++;
            return false;
        }
        appendStored(type, flags, sessionId, workerId, reference);
        stored++;
        return true;
    }

    /**
     * Queues a PAYLOAD_REF (the original type code u8, then the store's reference) for a payload
     * already stored where the peer reads it: one just put there, or one the peer wrote and this side
     * hands back whole (LinkInput.handBack), so it returns without a copy.
     */
    void appendStored(FrameType type, int flags, long sessionId, int workerId, byte[] reference) {
        byte[] ref = ByteBuffer.allocate(1 + reference.length).put((byte) type.code()).put(reference).array();
        append(FrameType.PAYLOAD_REF, flags, sessionId, workerId, ref);
    }

    /** How many large payloads the store refused and were streamed instead. */
    public long storeFailures() {
        return storeFailures;
    }

    /** How many large payloads went to the store, their references on the link. */
    public long storedPayloads() {
        return stored;
    }

    /** How many large payloads were streamed because the store had no room for them just then. */
    public long storeBusy() {
        return storeBusy;
    }

    /**
     * Space in the store for a large payload of exactly this length that the caller fills in place
     * and then appends whole (stored without a copy), or gives back with {@link #giveBack}; null when
     * the payload is not large, there is no store, or it cannot lend now (the caller buffers as ever).
     */
    public ByteBuffer lendLarge(int length) {
        if (lending == null || !limits.isLarge(length) || length > limits.largest()) {
            return null;
        }
        try {
            return lending.lend(length);
        } catch (java.io.IOException e) {
            return null; // the caller appends the packet once whole, and that put counts and logs what fails
        }
    }

    /** Space {@link #lendLarge} gave that was not appended; nothing once it was. */
    public void giveBack(ByteBuffer lent) {
        if (lending != null) {
            lending.giveBack(lent);
        }
    }

    /** Now and then, on this link's thread: the store gives back memory it holds for an idle link. */
    public void trimIdle(long nowNanos) {
        if (lending != null) {
            lending.trimIdle(nowNanos);
        }
    }

    /** The frames now go to another peer than before (its predecessor may still read what it got). */
    public void peerChanged() {
        if (lending != null) {
            lending.peerChanged();
        }
    }

    /** The link is gone for good: lets go of what the store keeps for it (its rings). */
    void close() {
        if (lending != null) {
            lending.closeLink();
        }
    }

    private void checkSize(FrameType type, int length) {
        if (length > limits.largest()) {
            throw new IllegalArgumentException(type + " payload of " + length + " bytes exceeds the "
                    + limits.largest() + "-byte limit of a link message");
        }
    }

    private boolean mustWait(FrameType type, long sessionId) {
        if (waiting.isEmpty()) {
            return false;
        }
        return waitingBarriers > 0 || isBarrier(type, sessionId) || waitingByKey.containsKey(sessionId);
    }

    /** Writes as much as the channel takes, cutting large payloads into chunks as room appears. True when all is out. */
    public boolean flushTo(WritableByteChannel channel) throws IOException {
        while (true) {
            boolean moved = out.pending() < FrameHeader.MAX_CHUNK && pump();
            if (!out.flushTo(channel)) {
                return false;
            }
            if (!moved) {
                return waiting.isEmpty();
            }
        }
    }

    /**
     * Moves into the write buffer every waiting frame that may go now, and one chunk of each large
     * payload that may go now while the buffer holds less than two chunks: fifty 1 MiB payloads moved
     * at once grew it to 64 MiB, past what it keeps direct, and every write then went through a
     * temporary copy. Two payloads at a time share the link, so a small one is not stuck behind a
     * huge one; the ones further back wait for them. Returns whether anything moved.
     */
    private boolean pump() {
        if (waiting.isEmpty()) {
            return false;
        }
        boolean moved = false;
        boolean barrierAhead = false;
        boolean anyAhead = false;
        blocked.clear();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!barrierAhead && (p.isBarrier() ? !anyAhead : !blocked.containsKey(p.key())) && mayStart(p)
                    && (!p.large || out.pending() < CHUNKS_PER_ROUND * FrameHeader.MAX_CHUNK)) {
                moved = true;
                if (p.large) {
                    emitChunk(p);
                } else {
                    out.append(p.type, p.flags, p.sessionId, p.workerId, p.data, 0, p.length);
                    heldBytes -= p.length;
                    p.position = p.length;
                }
                if (p.done()) {
                    it.remove();
                    forget(p);
                    p.release();
                    continue;
                }
            }
            anyAhead = true;
            if (p.isBarrier()) {
                barrierAhead = true;
            } else {
                blocked.put(p.key(), p);
            }
        }
        return moved;
    }

    // The peer holds every started payload whole until its last chunk: their sum stays under the bound.
    private boolean mayStart(Pending p) {
        if (!p.large || p.position > 0) {
            return true;
        }
        return !holdStarts && (startedBytes == 0 || startedBytes + p.length <= limits.reassemblyBound());
    }

    private void emitChunk(Pending p) {
        int length = p.length;
        if (p.position == 0) {
            startedBytes += length;
            int n = Math.min(length, FrameHeader.MAX_CHUNK - Integer.BYTES);
            out.append(p.type, p.flags | FrameHeader.CHUNK_FLAGS, p.sessionId, p.workerId, length, p.data, 0, n);
            p.position = n;
        } else {
            int n = Math.min(length - p.position, FrameHeader.MAX_CHUNK);
            out.append(p.type, p.flags | FrameHeader.CHUNK_FLAG, p.sessionId, p.workerId, p.data, p.position, n);
            p.position += n;
        }
        if (p.done()) {
            startedBytes -= length;
            largeBytes -= length;
        }
    }

    private void forget(Pending p) {
        if (p.isBarrier()) {
            waitingBarriers--;
        } else {
            int[] count = waitingByKey.get(p.key());
            if (count != null && --count[0] == 0) {
                waitingByKey.remove(p.key());
            }
        }
    }

    /**
     * The peer went away: drops the frame it got part of, every chunk still queued (the peer that
     * got their start is gone) and every large payload already started, so that what remains starts
     * clean for the next peer. Returns how many large payloads were lost.
     */
    public int discardForNewPeer() {
        out.discardPartialFrame();
        out.discardFramesFlagged(FrameHeader.CHUNK_FLAG);
        int lost = 0;
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.large && p.position > 0) {
                it.remove();
                forget(p);
                largeBytes -= p.length;
                p.release();
                lost++;
            }
        }
        startedBytes = 0;
        peerChanged();
        return lost;
    }

    /**
     * Whether the next byte may go to another peer with nothing lost: no frame cut, and no large
     * payload with parts on the wire. While a switch waits, call {@link #holdStarts(boolean)} so one arrives.
     */
    public boolean atMessageBoundary() {
        return out.atFrameBoundary() && startedBytes == 0 && !out.holdsFramesFlagged(FrameHeader.CHUNK_FLAG);
    }

    public void holdStarts(boolean hold) {
        holdStarts = hold;
    }

    /** Bytes of small frames not yet written, and of the chunk being written: what back-pressure watches. */
    public int pending() {
        return out.pending() + heldBytes;
    }

    /** Bytes of large payloads not yet cut into chunks. */
    public long largePending() {
        return largeBytes;
    }

    /** Everything this link still owes its peer. */
    public long queuedBytes() {
        return pending() + largeBytes;
    }

    boolean isEmpty() {
        return out.pending() == 0 && waiting.isEmpty();
    }

    // a PAYLOAD_REF stands for a pipe message when it carries one, but it is never a barrier either way
    static boolean isBarrier(FrameType type, long sessionId) {
        return sessionId == 0 && type != FrameType.PIPE_MESSAGE && type != FrameType.PAYLOAD_REF;
    }

    /** A frame or large payload waiting its turn. */
    private static final class Pending {
        final FrameType type;
        final int flags;
        final long sessionId;
        final int workerId;
        /** The payload at absolute indices 0 to {@link #length}. */
        final ByteBuffer data;
        final int length;
        final boolean large;
        /** Where {@link #data} goes back once sent; null when it is the app's own array. */
        final BufferPool pool;
        int position;

        Pending(FrameType type, int flags, long sessionId, int workerId, ByteBuffer data, boolean large, BufferPool pool) {
            this.type = type;
            this.flags = flags;
            this.sessionId = sessionId;
            this.workerId = workerId;
            this.data = data;
            this.length = data.limit();
            this.large = large;
            this.pool = pool;
        }

        void release() {
            if (pool != null) {
                pool.release(data);
            }
        }

        boolean isBarrier() {
            return LinkOutput.isBarrier(type, sessionId);
        }

        // pipe messages have session 0, which no session has: they keep their order among themselves
        long key() {
            return sessionId;
        }

        boolean done() {
            return position == length;
        }
    }
}
