package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The writing end of one link's payload rings (large_payload=shm), used by that link's output thread
 * only. It reuses a ring's space up to the oldest payload still in use (ShmRing). The ring is made on the first large payload, so a server that never sends one maps nothing.
 * When the link's peer changes, the ring is retired and a new one started: the old peer may still
 * read what it was sent, the new one what was queued, and the writer never writes the old ring again;
 * it is deleted once both are done with it, or after {@link #RETIRED_GRACE_NANOS} without progress
 * (what a dead peer never read).
 */
final class ShmRingWriter implements PayloadStore {
    static final long RETIRED_GRACE_NANOS = 30_000_000_000L;

    private final ShmRingStore rings;
    private final LongSupplier clock;
    private ShmRing ring;
    /** Where the next entry goes, a position in {@link #ring}. */
    private long head;
    /** The oldest entry in use when last looked, or head: the space before it is free. */
    private long tail;
    private final List<Retired> retired = new ArrayList<>();

    ShmRingWriter(ShmRingStore rings, LongSupplier clock) {
        this.rings = rings;
        this.clock = clock;
    }

    @Override
    public byte[] put(byte[] payload) throws IOException {
        long start = reserve(payload.length);
        if (start < 0) {
            return null;
        }
        try {
            ring.write(start, payload);
        } catch (IOException e) {
            ring.free(start);
            throw e;
        }
        return reference(start, payload.length);
    }

    @Override
    public byte[] put(ByteBuffer payload) throws IOException {
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

    /**
     * Starts an entry for a payload of this length and returns where, or -1 when the ring has no room
     * for it now: the space from the oldest entry still in use onwards is taken.
     */
    private long reserve(int length) throws IOException {
        reclaimRetired();
        if (ring == null) {
            ring = rings.createRing();
            head = 0;
            tail = 0;
        }
        long size = ShmRing.entrySize(length);
        if (size > ring.capacity()) {
            return -1;
        }
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
        return start;
    }

    private byte[] reference(long start, int length) {
        return ShmRingStore.reference(ring.file().getFileName().toString(), start, length);
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws FrameFormatException {
        throw new IllegalStateException("a link's payload ring writer does not read");
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
            if (inUse >= r.head || now - r.since >= RETIRED_GRACE_NANOS) {
                retired.remove(i);
                r.ring.delete();
                r.ring.close();
            }
        }
    }

    /** The link is gone: every ring goes; a reader that still maps one keeps its memory until it lets go. */
    @Override
    public void closeLink() {
        peerChanged();
        for (Retired r : retired) {
            r.ring.delete();
            r.ring.close();
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
