package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * large_payload=shm: each link and direction has a ring of its own in a file in shm_dir, named
 * {@code drover-<tag>-<pid>-<n>.ring} after the writing process, that both ends map (ShmRing). A
 * payload is copied into the ring once; the reader uses it in place (the reactor writes a reply to its
 * client straight from the ring) and the link carries only the reference: u8 length of the ring's
 * name, the name, u64 position of the payload's entry, u32 length. A payload the ring has no room
 * for now is streamed instead (LinkOutput), so a full ring costs speed, never a payload.
 *
 * <p>This object is the process's factory: links write through {@link #forOutput()} and read through
 * {@link #forInput()}, each with its own rings.
 */
public final class ShmRingStore implements PerLinkStore {
    private static final String SUFFIX = ".ring";
    private static final Pattern OWN_PART = Pattern.compile("[0-9]+-[0-9]+\\.ring");

    private final Path dir;
    private final String serverPrefix;
    private final String ownPrefix;
    private final long capacity;
    private final AtomicLong sequence = new AtomicLong();
    /**
     * This process's rings, by name, from creation to deletion. A payload handed back by the peer
     * names one of them and is read through the writer's mapping rather than a second one, which
     * would count the memory twice and keep a deleted ring's memory for as long as it stayed mapped.
     */
    private final Map<String, ShmRing> own = new ConcurrentHashMap<>();
    private final LongAdder handedBack = new LongAdder();

    /**
     * @param dir      shm_dir, absolute; made (owner-only) with the first ring, and refused unless it is this user's alone
     * @param runDir   the server's run_dir, for the tag in every ring's name
     * @param capacity bytes of payload each ring holds (shm_ring_size)
     */
    public ShmRingStore(Path dir, Path runDir, long pid, long capacity) {
        this.dir = dir;
        this.serverPrefix = TempFileStore.serverPrefix(runDir);
        this.ownPrefix = serverPrefix + pid + "-";
        this.capacity = capacity;
    }

    @Override
    public PayloadStore forOutput() {
        return new ShmRingWriter(this, System::nanoTime);
    }

    @Override
    public PayloadStore forInput() {
        return new ShmRingReader(this);
    }

    /** Links use their own views; this object holds no ring. */
    @Override
    public byte[] put(byte[] payload) throws IOException {
        throw new IOException("large_payload=shm writes through a link's own ring (forOutput), not the process's store");
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException {
        throw new IOException("large_payload=shm reads through a link's own view (forInput), not the process's store");
    }

    Path dir() {
        return dir;
    }

    /** Bytes of payload entries each ring holds. */
    long capacity() {
        return capacity;
    }

    ShmRing createRing() throws IOException {
        PrivateDirs.ensure(dir); // made 0700 here, or refused when someone else could write to it
        ShmRing ring = ShmRing.create(dir.resolve(ownPrefix + sequence.incrementAndGet() + SUFFIX), capacity);
        own.put(ring.name(), ring);
        return ring;
    }

    /** Maps a ring the peer made, once shm_dir and the ring file prove to be this user's alone (PrivateDirs). */
    ShmRing openPeerRing(String name) throws IOException {
        PrivateDirs.check(dir, true);
        return ShmRing.open(dir.resolve(name));
    }

    /** Deletes a ring of this process's (the writer closes it when no entry is lent from it). */
    void delete(ShmRing ring) {
        own.remove(ring.name());
        ring.delete();
    }

    /** A ring of this process's not yet deleted, or null. */
    ShmRing ownRing(String name) {
        return name.startsWith(ownPrefix) ? own.get(name) : null;
    }

    void countHandedBack() {
        handedBack.increment();
    }

    /** How many payloads this process wrote came back to it by reference (ShmRingReader.handBack at the peer). */
    public long handedBackPayloads() {
        return handedBack.sum();
    }

    boolean isOurs(String name) {
        return name.startsWith(serverPrefix) && OWN_PART.matcher(name.substring(serverPrefix.length())).matches();
    }

    static byte[] reference(String ring, long start, int length) {
        byte[] name = ring.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + name.length + Long.BYTES + Integer.BYTES)
                .put((byte) name.length).put(name).putLong(start).putInt(length).array();
    }

    /** A decoded reference: which ring, and where in it. */
    record Reference(String ring, long start, int length) {
        static Reference decode(ByteBuffer reference, ShmRingStore rings, int maxLength) throws FrameFormatException {
            if (!reference.hasRemaining()) {
                throw new FrameFormatException("empty payload ring reference");
            }
            int nameLength = reference.get() & 0xFF;
            if (reference.remaining() != nameLength + Long.BYTES + Integer.BYTES) {
                throw new FrameFormatException("payload ring reference with a " + nameLength + "-byte name has "
                        + reference.remaining() + " bytes after the name's length, expected " + (nameLength + 12));
            }
            byte[] name = new byte[nameLength];
            reference.get(name);
            String ring = new String(name, StandardCharsets.US_ASCII);
            if (!rings.isOurs(ring)) {
                throw new FrameFormatException("payload ring reference '" + ring + "' is not a " + rings.serverPrefix
                        + "<pid>-<n>" + SUFFIX + " name");
            }
            long start = reference.getLong();
            long length = Integer.toUnsignedLong(reference.getInt());
            if (length > maxLength) {
                throw new FrameFormatException("payload ring reference claims " + length + " bytes, over the "
                        + maxLength + "-byte limit of a link message");
            }
            return new Reference(ring, start, (int) length);
        }
    }

    /**
     * Deletes this server's ring files in dir (pid -1: every process's, else that process's only) and
     * returns how many. A process that still maps one keeps its memory until it unmaps it.
     */
    static int sweep(Path dir, Path runDir, long pid) throws IOException {
        return TempFileStore.sweepFiles(dir, runDir, pid, SUFFIX);
    }

    @Override
    public String describe() {
        return "payload rings of " + capacity + " bytes in shm_dir " + dir;
    }
}
