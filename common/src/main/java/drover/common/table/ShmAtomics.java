package drover.common.table;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's shared long counters (setting {@code atomics}) in one file: a header naming them, then
 * one counter per 64-byte cache line, so two counters never share a line between CPUs. Every operation
 * is one atomic instruction on the mapped memory (a lock-prefixed one on x86), atomic across processes
 * as within one; a process killed at any moment leaves each counter as it was or as it made it. Reads
 * are wait-free.
 */
public final class ShmAtomics implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int HEADER = 4096;
    private static final int LINE = 64;
    private static final int MAGIC = 0x44524154; // "DRAT"

    private final MappedFile file;
    private final List<String> names;

    private ShmAtomics(MappedFile file, List<String> names) {
        this.file = file;
        this.names = names;
    }

    static ShmAtomics create(Path path, List<String> names) throws IOException {
        byte[] declared = String.join(",", names).getBytes(StandardCharsets.UTF_8);
        if (8 + declared.length > HEADER) {
            throw new IOException("atomics: the names take " + declared.length + " bytes, at most " + (HEADER - 8));
        }
        MappedFile file = MappedFile.create(path, HEADER + (long) LINE * names.size(), "atomics");
        MemorySegment segment = file.segment();
        segment.set(ValueLayout.JAVA_INT, 4, declared.length);
        MemorySegment.copy(declared, 0, segment, ValueLayout.JAVA_BYTE, 8, declared.length);
        segment.set(ValueLayout.JAVA_INT, 0, MAGIC);
        return new ShmAtomics(file, List.copyOf(names));
    }

    static ShmAtomics open(Path path, List<String> names) throws IOException {
        MappedFile file = MappedFile.open(path, "atomics");
        MemorySegment segment = file.segment();
        String expected = String.join(",", names);
        int length = segment.byteSize() >= HEADER ? segment.get(ValueLayout.JAVA_INT, 4) : -1;
        String declared = length >= 0 && length <= HEADER - 8
                ? new String(segment.asSlice(8, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8) : "";
        if (segment.byteSize() != HEADER + (long) LINE * names.size() || segment.get(ValueLayout.JAVA_INT, 0) != MAGIC
                || !declared.equals(expected)) {
            file.close();
            throw new IOException("atomics file " + path + " holds '" + declared + "', expected '" + expected + "'");
        }
        return new ShmAtomics(file, List.copyOf(names));
    }

    List<String> names() {
        return names;
    }

    /** The offset of the named counter; refused with the declared names when there is none. */
    public long offset(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no atomic " + name + " is declared (setting atomics: " + names + ")");
        }
        return HEADER + (long) LINE * index;
    }

    public long get(long offset) {
        return (long) LONG.getVolatile(file.segment(), offset);
    }

    public void set(long offset, long value) {
        LONG.setVolatile(file.segment(), offset, value);
    }

    /** Adds delta and returns the new value. */
    public long add(long offset, long delta) {
        return (long) LONG.getAndAdd(file.segment(), offset, delta) + delta;
    }

    public boolean compareAndSet(long offset, long expected, long value) {
        return LONG.compareAndSet(file.segment(), offset, expected, value);
    }

    @Override
    public void close() {
        file.close();
    }
}
