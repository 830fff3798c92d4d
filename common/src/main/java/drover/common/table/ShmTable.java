package drover.common.table;

import static drover.common.table.TableLayout.H_COUNT;
import static drover.common.table.TableLayout.H_LOCK;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;

/**
 * A table in shared memory that every worker and task worker maps (setting {@code tables}): rows
 * found by a string key, with typed columns. An absent row reads as zeros.
 *
 * <p><b>Keys.</b> Open addressing with linear probing over a power-of-two number of slots (at least
 * 4/3 of the declared rows, {@link TableLayout}), the key's 64-bit hash kept in the row. Finding a
 * row takes no lock. Inserts and deletes take the table's structure lock, so two processes never
 * insert one key twice; a delete leaves a "deleted" mark for the probes that pass it, turned back to
 * empty when nothing lies beyond it. Updates of a row take only that row's lock ({@link Rows}).
 * A table that holds its declared rows refuses an insert with {@link TableFullException}.
 *
 * <p><b>Crash safety.</b> Every lock records its owner ({@link OwnerLock}) and is taken over when the
 * owner died; a row is repaired then ({@link Rows#repair}), the row count recounted.
 */
public final class ShmTable implements AutoCloseable {
    private final MappedFile file;
    private final TableLayout layout;
    private final Rows rows;
    private final MemorySegment segment;
    private final long mask;

    private ShmTable(MappedFile file, TableLayout layout) {
        this.file = file;
        this.layout = layout;
        this.segment = file.segment();
        this.rows = new Rows(layout, segment);
        this.mask = layout.slots - 1;
    }

    /** Creates the table's file, all zeros but its header (the manager, at start). */
    public static ShmTable create(Path path, TableSpec spec) throws IOException {
        TableLayout layout = new TableLayout(spec);
        MappedFile file = MappedFile.create(path, layout.fileSize(), "table " + spec.name());
        TableHeader.write(file.segment(), layout);
        return new ShmTable(file, layout);
    }

    /** Maps a table the manager created, checking that its header matches the spec. */
    public static ShmTable open(Path path, TableSpec spec) throws IOException {
        TableLayout layout = new TableLayout(spec);
        MappedFile file = MappedFile.open(path, "table " + spec.name());
        try {
            TableHeader.check(file.segment(), layout, path);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return new ShmTable(file, layout);
    }

    public TableSpec spec() {
        return layout.spec;
    }

    /** Rows in use now. */
    public int count() {
        return (int) (long) Rows.LONG.getVolatile(segment, H_COUNT);
    }

    /** The most rows the table holds (as declared). */
    public int capacity() {
        return layout.spec.rows();
    }

    /** The index of the named column, checked to be of the type given (null: any). */
    public int column(String name, ColumnType type) {
        int index = layout.spec.columnIndex(name);
        if (index < 0) {
            throw new IllegalArgumentException("table " + layout.spec.name() + " has no column " + name + " (it has "
                    + layout.spec.columns() + ")");
        }
        ColumnType actual = layout.spec.columns().get(index).type();
        if (type != null && actual != type) {
            throw new IllegalArgumentException("table " + layout.spec.name() + ": column " + name + " is " + actual.label()
                    + ", not " + type.label());
        }
        return index;
    }

    public boolean exists(String key) {
        byte[] bytes = layout.spec.keyBytes(key);
        return present(bytes, hash(bytes));
    }

    /** A snapshot of the row, or null when there is none. */
    public TableRow get(String key) {
        byte[] bytes = layout.spec.keyBytes(key);
        long hash = hash(bytes);
        while (true) {
            long slot = find(bytes, hash);
            if (slot < 0) {
                return null;
            }
            TableRow row = snapshot(layout.row(slot), bytes, hash);
            if (row != null) {
                return row;
            }
        }
    }

    /** A long or double column's bits, 0 when the row is absent. */
    public long getWord(String key, int column) {
        byte[] bytes = layout.spec.keyBytes(key);
        return wordOrZero(bytes, hash(bytes), column);
    }

    /** Sets the given columns (values as {@link ColumnValues#encode} takes them), making the row if absent. */
    public void set(String key, int[] columns, Object[] values) {
        Object[] encoded = new Object[values.length];
        boolean oneWord = columns.length == 1;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = ColumnValues.encode(layout.spec, columns[i], values[i]);
            oneWord &= !(encoded[i] instanceof byte[]);
        }
        boolean single = oneWord;
        byte[] bytes = layout.spec.keyBytes(key);
        write(bytes, hash(bytes), (row, fresh) -> {
            if (fresh || single) {
                rows.put(row, columns, encoded);
            } else {
                rows.putGuarded(row, columns, encoded);
            }
            return 0;
        });
    }

    /**
     * Replaces a long or double column's bits with what the operator makes of the old ones (and the
     * argument), making the row if absent (its old bits then 0); returns the new bits.
     */
    public long update(String key, int column, LongBinaryOperator operator, long argument) {
        byte[] bytes = layout.spec.keyBytes(key);
        return write(bytes, hash(bytes), (row, fresh) -> {
            long bits = operator.applyAsLong(fresh ? 0 : rows.word(row, column), argument);
            rows.putWord(row, column, bits);
            return bits;
        });
    }

    /** Sets a long column to value when it holds expected (an absent row holds 0 and is then made). */
    public boolean compareAndSet(String key, int column, long expected, long value) {
        byte[] bytes = layout.spec.keyBytes(key);
        long hash = hash(bytes);
        if (expected != 0 && !present(bytes, hash)) {
            return false; // no insert for a compare that cannot succeed
        }
        return write(bytes, hash, (row, fresh) -> {
            if ((fresh ? 0 : rows.word(row, column)) != expected) {
                return 0;
            }
            rows.putWord(row, column, value);
            return 1;
        }) == 1;
    }

    /** Removes the row; false when there was none. */
    public boolean delete(String key) {
        byte[] bytes = layout.spec.keyBytes(key);
        long hash = hash(bytes);
        lockStructure();
        try {
            long slot = find(bytes, hash);
            if (slot < 0) {
                return false;
            }
            long row = layout.row(slot);
            rows.lock(row);
            try {
                long seq = rows.beginWrite(row);
                rows.setState(row, TableLayout.DELETED);
                rows.endWrite(row, seq);
            } finally {
                rows.unlock(row);
            }
            Rows.LONG.getAndAdd(segment, H_COUNT, -1L);
            tidy(slot);
            return true;
        } finally {
            OwnerLock.release(segment, H_LOCK);
        }
    }

    /** Calls the action with a snapshot of every row in use, in slot order; rows changed meanwhile may or may not appear. */
    public void forEach(Consumer<TableRow> action) {
        for (long slot = 0; slot < layout.slots; slot++) {
            long row = layout.row(slot);
            if (rows.state(row) == TableLayout.USED) {
                TableRow snapshot = snapshot(row, null, 0);
                if (snapshot != null) {
                    action.accept(snapshot);
                }
            }
        }
    }

    @Override
    public void close() {
        file.close();
    }

    /** What a row update does, with the row's lock held; fresh when the row is being made. */
    private interface RowWrite {
        long apply(long row, boolean fresh);
    }

    private long write(byte[] key, long hash, RowWrite write) {
        while (true) {
            long slot = find(key, hash);
            if (slot < 0) {
                return insert(key, hash, write);
            }
            long row = layout.row(slot);
            rows.lock(row);
            try {
                if (rows.holds(row, key, hash)) {
                    return write.apply(row, false);
                }
            } finally {
                rows.unlock(row);
            }
            // deleted meanwhile: look again
        }
    }

    private long insert(byte[] key, long hash, RowWrite write) {
        lockStructure();
        try {
            long slot = find(key, hash);
            if (slot < 0) {
                if (count() >= layout.spec.rows()) {
                    throw new TableFullException("table " + layout.spec.name() + " is full: it holds its " + layout.spec.rows()
                            + " rows (raise rows= in the setting tables, or delete rows)");
                }
                slot = firstFree(hash);
            }
            long row = layout.row(slot);
            rows.lock(row);
            try {
                if (rows.state(row) == TableLayout.USED) {
                    return write.apply(row, false); // inserted by another process before this one took the lock
                }
                long seq = rows.beginWrite(row);
                rows.init(row, key, hash);
                long result = write.apply(row, true);
                rows.setState(row, TableLayout.USED);
                rows.endWrite(row, seq);
                Rows.LONG.getAndAdd(segment, H_COUNT, 1L);
                return result;
            } finally {
                rows.unlock(row);
            }
        } finally {
            OwnerLock.release(segment, H_LOCK);
        }
    }

    private void lockStructure() {
        if (OwnerLock.acquire(segment, H_LOCK) != 0) {
            long used = 0; // its owner died mid-insert or mid-delete: the count may be off by one
            for (long slot = 0; slot < layout.slots; slot++) {
                used += rows.state(layout.row(slot)) == TableLayout.USED ? 1 : 0;
            }
            Rows.LONG.setVolatile(segment, H_COUNT, used);
        }
    }

    /** The slot holding key, or -1; takes no lock, so a caller that reads it confirms under a stable sequence. */
    private long find(byte[] key, long hash) {
        for (long i = 0; i <= mask; i++) {
            long slot = (hash + i) & mask;
            long row = layout.row(slot);
            int state = rows.state(row);
            if (state == TableLayout.EMPTY) {
                return -1;
            }
            if (state == TableLayout.USED && rows.holds(row, key, hash)) {
                return slot;
            }
        }
        return -1;
    }

    private long firstFree(long hash) {
        for (long i = 0; ; i++) {
            long slot = (hash + i) & mask;
            if (rows.state(layout.row(slot)) != TableLayout.USED) {
                return slot;
            }
        }
    }

    /** Turns deleted marks that end a probe chain back to empty, so deletes do not lengthen probes for good. */
    private void tidy(long slot) {
        long next = (slot + 1) & mask;
        while (rows.state(layout.row(next)) == TableLayout.EMPTY && rows.state(layout.row(slot)) == TableLayout.DELETED) {
            rows.setState(layout.row(slot), TableLayout.EMPTY);
            next = slot;
            slot = (slot - 1) & mask;
        }
    }

    private boolean present(byte[] key, long hash) {
        while (true) {
            long slot = find(key, hash);
            if (slot < 0) {
                return false;
            }
            long row = layout.row(slot);
            long seq = rows.stableSeq(row);
            boolean holds = rows.holds(row, key, hash);
            if (holds && rows.unchanged(row, seq)) {
                return true;
            }
        }
    }

    private long wordOrZero(byte[] key, long hash, int column) {
        while (true) {
            long slot = find(key, hash);
            if (slot < 0) {
                return 0;
            }
            long row = layout.row(slot);
            long seq = rows.stableSeq(row);
            boolean holds = rows.holds(row, key, hash);
            long bits = rows.word(row, column);
            if (holds && rows.unchanged(row, seq)) {
                return bits;
            }
        }
    }

    /** The row's snapshot when it is in use (and holds key, if given), else null. */
    private TableRow snapshot(long row, byte[] key, long hash) {
        while (true) {
            long seq = rows.stableSeq(row);
            if (key != null ? !rows.holds(row, key, hash) : rows.state(row) != TableLayout.USED) {
                if (rows.unchanged(row, seq)) {
                    return null;
                }
                continue;
            }
            byte[] keyBytes = key != null ? key : rows.key(row);
            List<Object> values = new ArrayList<>(layout.columnAt.length);
            for (int c = 0; c < layout.columnAt.length; c++) {
                values.add(rows.value(row, c));
            }
            if (rows.unchanged(row, seq)) {
                return new TableRow(new String(keyBytes, StandardCharsets.UTF_8), values);
            }
        }
    }

    /** FNV-1a over the key's bytes, then MurmurHash3's finaliser: the same in every process. */
    static long hash(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a87ceL;
        return h ^ (h >>> 33);
    }
}
