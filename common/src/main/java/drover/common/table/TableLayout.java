package drover.common.table;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;

/**
 * Where everything of one table lies in its file, derived from its {@link TableSpec} alone.
 *
 * <p>The file: a 4096-byte header (magic, version, slots, stride, rows, count, the structure lock,
 * the spec's text), then {@code slots} rows of {@code stride} bytes. Slots are a power of two of at
 * least 4/3 of the declared rows, so an open-addressing probe stays short when the table is full.
 *
 * <p>A row: owner lock (long), sequence (long, odd while a write is under way), undo flag (int, 1 while
 * the shadow holds the columns as they were before a write), state (int: empty, used, deleted),
 * key hash (long), key length (int, then padding), the key, the columns, and the shadow copy of the
 * columns. A long or double column is 8 bytes; a bytes column 4 bytes of length and its data,
 * padded to 8.
 */
final class TableLayout {
    static final int HEADER = 4096;
    static final int MAGIC = 0x44525442; // "DRTB"
    static final int VERSION = 1;
    static final long H_MAGIC = 0;
    static final long H_VERSION = 4;
    static final long H_SLOTS = 8;
    static final long H_STRIDE = 16;
    static final long H_ROWS = 20;
    static final long H_COUNT = 24;
    static final long H_SPEC_LENGTH = 32;
    static final long H_LOCK = 64;
    static final long H_SPEC = 128;

    static final long R_LOCK = 0;
    static final long R_SEQ = 8;
    static final long R_UNDO = 16;
    static final long R_STATE = 20;
    static final long R_HASH = 24;
    static final long R_KEY_LENGTH = 32;
    static final long R_KEY = 40;

    static final int EMPTY = 0;
    static final int USED = 1;
    static final int DELETED = 2;

    final TableSpec spec;
    final long slots;
    final int stride;
    /** Offset of each column in a row. */
    final long[] columnAt;
    final long columnsAt;
    final int columnBytes;
    final long shadowAt;

    TableLayout(TableSpec spec) {
        this.spec = spec;
        long wanted = Math.max(8, (long) spec.rows() + spec.rows() / 3 + 1);
        this.slots = Long.highestOneBit(wanted - 1) << 1;
        this.columnsAt = R_KEY + align8(spec.keySize());
        this.columnAt = new long[spec.columns().size()];
        long at = columnsAt;
        for (int i = 0; i < columnAt.length; i++) {
            TableSpec.Column column = spec.columns().get(i);
            columnAt[i] = at;
            at += column.type() == ColumnType.BYTES ? align8(4L + column.size()) : 8;
        }
        this.columnBytes = (int) (at - columnsAt);
        this.shadowAt = at;
        this.stride = (int) (at + columnBytes);
    }

    long fileSize() {
        return HEADER + slots * stride;
    }

    long row(long slot) {
        return HEADER + slot * stride;
    }

    private static long align8(long n) {
        return (n + 7) & -8L;
    }
}
