package drover.common.payload;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One ring of large payloads in a file in shm_dir that its writer and its reader both map, for one
 * link and direction (large_payload=shm). The writer copies a payload in and sends only where it
 * lies; the reader uses it in place and then marks it free in the ring itself, which is all the
 * writer needs to reuse the space. Payloads may be freed in any order (the link sends a session's
 * references when their turn comes, and a ring may be read by a link's old peer and its new one):
 * the writer reuses space only up to the oldest payload still in use.
 *
 * <p>Positions grow without end; position p lies at {@code p % capacity}. Each payload is an 8-byte
 * entry header (length u32, state u32: in use, or free) and the payload, padded to 8 bytes. An entry
 * never wraps: one that does not fit before the end of the ring starts the next lap, after a free
 * filler entry. The file starts with a 4096-byte header (magic u32 at 0, capacity u64 at 8).
 */
final class ShmRing implements AutoCloseable {
    static final int HEADER = 4096;
    /** Bytes of an entry's own header in the data area. */
    static final int ENTRY = 8;
    private static final int MAGIC = 0x44525247; // "DRRG"
    private static final long MAGIC_AT = 0;
    private static final long CAPACITY_AT = 8;
    private static final int IN_USE = 1;
    private static final int FREE = 2;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Path file;
    /** The file's name, as references carry it. */
    private final String name;
    private final Arena arena;
    private final MemorySegment segment;
    private final long capacity;
    /** The data area as one buffer, re-pointed by {@link #view}: a view needs no allocation. */
    private final ByteBuffer dataView;

    private ShmRing(Path file, Arena arena, MemorySegment segment, long capacity) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.arena = arena;
        this.segment = segment;
        this.capacity = capacity;
        this.dataView = segment.asSlice(HEADER, capacity).asByteBuffer();
    }

    /**
     * Creates the ring file, owner-only, allocates its memory ({@link #allocate}) and maps it. Fails
     * when the file cannot be made as large: a file size limit, or a shm_dir without room.
     */
    static ShmRing create(Path file, long capacity) throws IOException {
        if (capacity < 64 || capacity > Integer.MAX_VALUE || capacity % ENTRY != 0) {
            throw new IllegalArgumentException("ring capacity " + capacity + " outside 64.." + Integer.MAX_VALUE
                    + " or not a multiple of " + ENTRY);
        }
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Arena arena = Arena.ofShared();
        try (channel) {
            allocate(channel, file, capacity);
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + capacity, arena);
            segment.set(ValueLayout.JAVA_LONG, CAPACITY_AT, capacity);
            segment.set(ValueLayout.JAVA_INT, MAGIC_AT, MAGIC);
            return new ShmRing(file, arena, segment, capacity);
        } catch (IOException | RuntimeException | InternalError e) {
            arena.close();
            Files.deleteIfExists(file);
            throw e instanceof IOException io ? io : new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * Maps a ring another process created: opened without following a symbolic link (O_NOFOLLOW), and
     * only when the file is this user's alone (PrivateDirs), so no other user's bytes are taken for a payload.
     */
    static ShmRing open(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            PrivateDirs.check(file, false); // a missing one is reported as gone, below
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size <= HEADER) {
                throw new IOException("payload ring " + file + " has " + size + " bytes, no room for data");
            }
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            int magic = segment.get(ValueLayout.JAVA_INT, MAGIC_AT);
            long capacity = segment.get(ValueLayout.JAVA_LONG, CAPACITY_AT);
            if (magic != MAGIC || capacity != size - HEADER || capacity % ENTRY != 0) {
                throw new IOException("payload ring " + file + " has a bad header (magic " + Integer.toHexString(magic)
                        + ", capacity " + capacity + " in a file of " + size + " bytes)");
            }
            return new ShmRing(file, arena, segment, capacity);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new IOException("payload ring " + file + " is gone (its writer died and the manager swept it?)", e);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
    }

    Path file() {
        return file;
    }

    String name() {
        return name;
    }

    long capacity() {
        return capacity;
    }

    /** Bytes an entry for a payload of this length takes, its header and padding included. */
    static long entrySize(int length) {
        return (ENTRY + (long) length + ENTRY - 1) & -ENTRY;
    }

    /**
     * Where an entry of this size written at position head starts: head, or the next lap when it
     * does not fit before the end (the caller writes a filler there, {@link #fill}).
     */
    long placeAfter(long head, long entrySize) {
        long offset = head % capacity;
        return offset + entrySize <= capacity ? head : head - offset + capacity;
    }

    /** Marks the rest of the lap from head a free filler entry: no payload starts there. */
    void fill(long head) {
        long offset = head % capacity;
        if (offset != 0) {
            segment.set(ValueLayout.JAVA_INT, HEADER + offset, (int) (capacity - offset - ENTRY));
            INT.setRelease(segment, HEADER + offset + 4, FREE);
        }
    }

    /** Starts an entry at start for a payload of this length, in use until its reader frees it. */
    void begin(long start, int length) {
        segment.set(ValueLayout.JAVA_INT, HEADER + start % capacity, length);
        INT.setRelease(segment, HEADER + start % capacity + 4, IN_USE);
    }

    /** Where the oldest entry still in use starts, walking from tail over the free ones, up to head. */
    long firstInUse(long tail, long head) {
        while (tail < head) {
            long offset = tail % capacity;
            if ((int) INT.getAcquire(segment, HEADER + offset + 4) != FREE) {
                return tail;
            }
            tail += entrySize(segment.get(ValueLayout.JAVA_INT, HEADER + offset));
        }
        return tail;
    }

    /** Whether an entry for a payload of length bytes at start lies within one lap and says that length. */
    boolean holds(long start, int length) {
        if (start < 0 || start % ENTRY != 0 || length < 0 || start % capacity + entrySize(length) > capacity) {
            return false;
        }
        long offset = HEADER + start % capacity;
        return segment.get(ValueLayout.JAVA_INT, offset) == length && (int) INT.getAcquire(segment, offset + 4) == IN_USE;
    }

    /** The reader is done with the entry at start: the writer may reuse its space. */
    void free(long start) {
        INT.setRelease(segment, HEADER + start % capacity + 4, FREE);
    }

    /** Copies the remaining bytes of src into the entry at start; a full shm_dir makes the write fault, reported as an IOException. */
    void write(long start, ByteBuffer src) throws IOException {
        int length = src.remaining();
        try {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, segment, HEADER + ENTRY + start % capacity, length);
        } catch (InternalError e) {
            throw new IOException("cannot write " + length + " bytes to payload ring " + file + " (shm_dir full?): " + e.getMessage(), e);
        }
        src.position(src.limit());
    }

    /** A copy of the payload of the entry at start. */
    byte[] read(long start, int length) {
        byte[] data = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, HEADER + ENTRY + start % capacity, data, 0, length);
        return data;
    }

    /** The payload of the entry at start in place, valid until the next call or until the ring closes. */
    ByteBuffer view(long start, int length) {
        int offset = (int) (start % capacity) + ENTRY;
        return dataView.limit(offset + length).position(offset);
    }

    /** The payload area of the entry at start as a buffer of its own, for a writer that fills it in place. */
    ByteBuffer slice(long start, int length) {
        return segment.asSlice(HEADER + ENTRY + start % capacity, length).asByteBuffer();
    }

    /**
     * Gives the ring's memory back: cuts the file to its header and makes it full size again, sparse,
     * so its pages are freed in every process that maps it. Only when no entry is in use (nobody
     * reads the data meanwhile); the entries start again from zeros. Call {@link #allocate} before
     * the ring takes a payload again.
     */
    void trim() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(HEADER);
            channel.write(ByteBuffer.allocate(1), HEADER + capacity - 1);
        }
    }

    /** Allocates the memory of a ring {@link #trim} emptied. */
    void allocate() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            allocate(channel, file, capacity);
        }
    }

    /**
     * Writes the whole data area, so every page of it exists before anyone maps it: a store into a
     * mapped page a full tmpfs cannot give is a SIGBUS (the JVM's "fault in an unsafe memory access",
     * thrown wherever the thread happens to be, and a kernel read into such a page fails with EFAULT),
     * while a write here fails cleanly with "No space left on device", or "File too large" under a
     * file size limit.
     */
    private static void allocate(FileChannel channel, Path file, long capacity) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try {
            for (long at = HEADER; at < HEADER + capacity; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), HEADER + capacity - at));
                at += channel.write(zeros, at);
            }
        } catch (IOException e) {
            throw new IOException("cannot allocate " + capacity + " bytes for payload ring " + file + ": " + e.getMessage(), e);
        }
    }

    /** Unmaps the ring; the file stays (see {@link #delete}). */
    @Override
    public void close() {
        arena.close();
    }

    /** Removes the file; memory goes back once every process that maps it has closed it. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            drover.common.log.Log.warn("cannot delete payload ring " + file + ": " + e.getMessage() + " (the manager's sweep will)");
        }
    }
}
