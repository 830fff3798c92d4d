package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The writing end of one link's payload rings (large_payload=shm), used by that link's output thread
 * only. It reuses a ring's space up to the oldest payload still in use (ShmRing), and lends space to
 * fill in place ({@link #lend}). The ring is made on the first large payload, so a server that never
 * sends one maps nothing. When the link's peer changes, the ring is retired and a new one started:
 * the old peer may still read what it was sent, the new one what was queued, and the writer never
 * writes the old ring again; it is deleted once both are done with it, or after
 * {@link #RETIRED_GRACE_NANOS} without progress (what a dead peer never read).
 */
final class ShmRingWriter implements LendingOutput {
    static final long RETIRED_GRACE_NANOS = 30_000_000_000L;
    /** A ring that took no payload for this long, with none in use, gives its memory back. */
    static final long IDLE_TRIM_NANOS = 10_000_000_000L;

    private final ShmRingStore rings;
    private final LongSupplier clock;
    private ShmRing ring;
    /** Where the next entry goes, a position in {@link #ring}. */
    private long head;
    /** The oldest entry in use when last looked, or head: the space before it is free. */
    private long tail;
    /** When the last entry started; and whether any has since the ring was made or last trimmed. */
    private long lastEntryNanos;
    private boolean touched;
    /** False once trimmed, until the memory is allocated again. */
    private boolean allocated = true;
    private final List<Retired> retired = new ArrayList<>();
    /** Entries lent to be filled in place and not yet stored or given back, by the very buffer lent. */
    private final Map<ByteBuffer, Lent> lent = new IdentityHashMap<>();

    ShmRingWriter(ShmRingStore rings, LongSupplier clock) {
        this.rings = rings;
        this.clock = clock;
    }

    @Override
    public byte[] put(byte[] payload) throws IOException {
        return put(ByteBuffer.wrap(payload));
    }

    @Override
    public byte[] put(ByteBuffer payload) throws IOException {
        Lent filled = lent.get(payload);
        if (filled != null && payload.position() == 0 && payload.remaining() == filled.length) {
            lent.remove(payload);
            payload.position(payload.limit());
            return ShmRingStore.reference(filled.ring.name(), filled.start, filled.length);
        }
        int length = payload.remaining();
        long start = reserve(length);
        if (start < 0) {
            return null;
        }
        try {
            ring.write(start, payload);
        } catch (IOException e) {
            ring.free(start);
            throw e;
        }
        return reference(start, length);
    }

    @Override
    public ByteBuffer lend(int length) throws IOException {
        long start = reserve(length);
        if (start < 0) {
            return null;
        }
        ByteBuffer space = ring.slice(start, length);
        lent.put(space, new Lent(ring, start, length));
        return space;
    }

    @Override
    public void giveBack(ByteBuffer space) {
        Lent given = lent.remove(space);
        if (given != null) {
            given.ring.free(given.start);
        }
    }

    /**
     * Starts an entry for a payload of this length and returns where, or -1 when the ring has no room
     * for it now: the space from the oldest entry still in use onwards is taken.
     */
    private long reserve(int length) throws IOException {
        reclaimRetired();
        long size = ShmRing.entrySize(length);
        if (size > rings.capacity()) {
            return -1; // never fits: no ring is made (and written whole) for it
        }
        if (ring == null) {
            ring = rings.createRing();
            head = 0;
            tail = 0;
            touched = false;
        } else if (!allocated) {
            ring.allocate(); // trimmed while idle: its memory is claimed again before any page is touched
        }
        allocated = true;
        tail = ring.firstInUse(tail, head);
        long start = ring.placeAfter(head, size);
        if (start + size - tail > ring.capacity()) {
            return -1;
        }
        if (start != head) {
            ring.fill(head);
        }
        ring.begin(start, length);
        head = start + size;
        lastEntryNanos = clock.getAsLong();
        touched = true;
        return start;
    }

    private byte[] reference(long start, int length) {
        return ShmRingStore.reference(ring.name(), start, length);
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws FrameFormatException {
        throw new IllegalStateException("a link's payload ring writer does not read");
    }

    /**
     * After a burst the ring's pages stay in memory (shm, counted in the RSS of both processes): once
     * no payload came for {@link #IDLE_TRIM_NANOS} and none is in use, they go back. Retired rings
     * are checked here too, so one whose payloads were all read goes without waiting for a next put.
     */
    @Override
    public void trimIdle(long nowNanos) {
        reclaimRetired();
        if (ring == null || !touched || nowNanos - lastEntryNanos < IDLE_TRIM_NANOS) {
            return;
        }
        tail = ring.firstInUse(tail, head);
        if (tail != head) {
            return;
        }
        try {
            allocated = false; // a failed trim may have freed part of it as well
            ring.trim();
            touched = false;
        } catch (IOException e) {
            touched = false; // not tried again until the next burst
            drover.common.log.Log.warn("cannot give back the memory of payload ring " + ring.file() + ": " + e.getMessage());
        }
    }

    /** Whether the ring has taken a payload since it was made or last trimmed. */
    boolean holdsTouchedPages() {
        return touched;
    }

    /** The peer changed: what follows goes to a new ring, the old one lives until it is read (see class). */
    @Override
    public void peerChanged() {
        if (ring != null) {
            retired.add(new Retired(ring, head, tail, clock.getAsLong()));
            ring = null;
        }
    }

    private void reclaimRetired() {
        long now = clock.getAsLong();
        for (int i = retired.size() - 1; i >= 0; i--) {
            Retired r = retired.get(i);
            long inUse = r.ring.firstInUse(r.tail, r.head);
            if (inUse != r.tail) {
                r.tail = inUse;
                r.since = now;
            }
            // never unmapped while a lent entry is being filled: the caller would write into nothing
            if ((inUse >= r.head || now - r.since >= RETIRED_GRACE_NANOS) && !lentFrom(r.ring)) {
                retired.remove(i);
                rings.delete(r.ring);
                r.ring.close();
            }
        }
    }

    private boolean lentFrom(ShmRing r) {
        for (Lent l : lent.values()) {
            if (l.ring == r) {
                return true;
            }
        }
        return false;
    }

    /** The link is gone: every ring goes; a reader that still maps one keeps its memory until it lets go. */
    @Override
    public void closeLink() {
        peerChanged();
        for (Retired r : retired) {
            rings.delete(r.ring);
            if (!lentFrom(r.ring)) { // a lent entry's buffer stays usable; its mapping goes with the process
                r.ring.close();
            }
        }
        retired.clear();
    }

    /** Rings kept for a peer that may still read them. */
    int retiredRings() {
        return retired.size();
    }

    Path currentRing() {
        return ring == null ? null : ring.file();
    }

    @Override
    public String describe() {
        return rings.describe();
    }

    private record Lent(ShmRing ring, long start, int length) {
    }

    private static final class Retired {
        final ShmRing ring;
        final long head;
        long tail;
        long since;

        Retired(ShmRing ring, long head, long tail, long since) {
            this.ring = ring;
            this.head = head;
            this.tail = tail;
            this.since = since;
        }
    }
}
