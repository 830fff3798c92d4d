package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The reading end of one link's payload rings (large_payload=shm), used by that link's input thread
 * only. It maps a ring the first time a reference names it and keeps the two it used last: a link
 * reads one ring, and a second only for a while after its writer's peer changed. A reference to a
 * ring of this very process (a payload its peer handed back, {@link #handBack}) is read through the
 * writer's mapping, which that same thread uses.
 */
final class ShmRingReader implements InPlaceInput {
    private static final int KEPT_RINGS = 2;

    private final ShmRingStore rings;
    /** Most recently used first. */
    private final List<ShmRing> mapped = new ArrayList<>(KEPT_RINGS + 1);
    /** What the payload handed out by {@link #open} holds until {@link #release}; null when none. */
    private ShmRing openRing;
    private long openStart;
    private int openLength;

    ShmRingReader(ShmRingStore rings) {
        this.rings = rings;
    }

    @Override
    public byte[] put(byte[] payload) {
        throw new IllegalStateException("a link's payload ring reader does not write");
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        ShmRingStore.Reference ref = ShmRingStore.Reference.decode(reference, rings, maxLength);
        ShmRing ring = ring(ref);
        try {
            return ring.read(ref.start(), ref.length());
        } finally {
            ring.free(ref.start());
        }
    }

    @Override
    public ByteBuffer open(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        release();
        ShmRingStore.Reference ref = ShmRingStore.Reference.decode(reference, rings, maxLength);
        ShmRing ring = ring(ref);
        openRing = ring;
        openStart = ref.start();
        openLength = ref.length();
        return ring.view(ref.start(), ref.length());
    }

    @Override
    public byte[] handBack() {
        if (openRing == null) {
            return null;
        }
        byte[] reference = ShmRingStore.reference(openRing.name(), openStart, openLength);
        openRing = null; // its writer frees it once it has used it
        return reference;
    }

    @Override
    public void release() {
        if (openRing != null) {
            openRing.free(openStart);
            openRing = null;
        }
    }

    private ShmRing ring(ShmRingStore.Reference ref) throws IOException, FrameFormatException {
        ShmRing own = rings.ownRing(ref.ring());
        if (own != null) { // a payload this process wrote, handed back: read through the writer's own mapping
            rings.countHandedBack();
            return check(own, ref);
        }
        for (int i = 0; i < mapped.size(); i++) {
            ShmRing ring = mapped.get(i);
            if (ring.name().equals(ref.ring())) {
                if (i > 0) {
                    mapped.remove(i);
                    mapped.add(0, ring);
                }
                return check(ring, ref);
            }
        }
        ShmRing ring = rings.openPeerRing(ref.ring());
        mapped.add(0, ring);
        if (mapped.size() > KEPT_RINGS) {
            mapped.removeLast().close();
        }
        return check(ring, ref);
    }

    private static ShmRing check(ShmRing ring, ShmRingStore.Reference ref) throws FrameFormatException {
        if (!ring.holds(ref.start(), ref.length())) {
            throw new FrameFormatException("payload reference to " + ref.length() + " bytes at " + ref.start()
                    + " names no payload in use in ring " + ref.ring() + " (capacity " + ring.capacity() + ")");
        }
        return ring;
    }

    /** The link is gone: unmaps every ring (the writer deletes the files). */
    @Override
    public void closeLink() {
        release();
        for (ShmRing ring : mapped) {
            ring.close();
        }
        mapped.clear();
    }

    int mappedRings() {
        return mapped.size();
    }

    @Override
    public String describe() {
        return rings.describe();
    }
}
