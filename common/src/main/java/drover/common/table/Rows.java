package drover.common.table;

import static drover.common.table.TableLayout.R_HASH;
import static drover.common.table.TableLayout.R_KEY;
import static drover.common.table.TableLayout.R_KEY_LENGTH;
import static drover.common.table.TableLayout.R_LOCK;
import static drover.common.table.TableLayout.R_SEQ;
import static drover.common.table.TableLayout.R_STATE;
import static drover.common.table.TableLayout.R_UNDO;

import drover.common.config.ColumnType;
import drover.common.log.Log;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The rows of one mapped table: their locks, their sequence numbers and their repair.
 *
 * <p><b>How a row stays whole.</b> A writer holds the row's {@link OwnerLock}. A change of one
 * 8-byte column (incr, compare-and-set, a set of one number) is a single aligned store, whole or
 * not done at all, so it needs nothing more. A change of several words makes the sequence odd for its
 * duration (a seqlock: readers retry a row whose sequence was odd or moved while they read it), and
 * first copies the columns into the row's shadow and sets the undo flag. A new row is written while
 * its state is still empty or deleted and becomes used with one store at the end; a delete is one
 * store of the state too. So when a writer is killed mid-write, the next process to want the row
 * finds the lock's owner dead, takes the lock over and {@link #repair}s the row: columns back from
 * the shadow if the undo flag says the write had begun, the sequence made even. No row is ever seen
 * half written, and none stays locked after its owner's death.
 */
final class Rows {
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int LOOK_EVERY = 2048;

    final TableLayout layout;
    final MemorySegment segment;

    Rows(TableLayout layout, MemorySegment segment) {
        this.layout = layout;
        this.segment = segment;
    }

    int state(long row) {
        return (int) INT.getAcquire(segment, row + R_STATE);
    }

    void lock(long row) {
        long deadOwner = OwnerLock.acquire(segment, row + R_LOCK);
        if (deadOwner != 0) {
            repair(row, deadOwner);
        }
    }

    void unlock(long row) {
        OwnerLock.release(segment, row + R_LOCK);
    }

    /** The row's sequence once it is even, repairing the row when the writer that left it odd is dead. */
    long stableSeq(long row) {
        for (int waits = 0; ; waits++) {
            long seq = (long) LONG.getAcquire(segment, row + R_SEQ);
            if ((seq & 1) == 0) {
                return seq;
            }
            if (waits % LOOK_EVERY == LOOK_EVERY - 1) {
                long owner = OwnerLock.owner(segment, row + R_LOCK);
                if (owner != 0 && !OwnerToken.isAlive(owner) && OwnerLock.takeOver(segment, row + R_LOCK, owner)) {
                    repair(row, owner);
                    unlock(row);
                }
            } else if (waits < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Whether nothing changed the row's shape since stableSeq returned seq (call after the reads). */
    boolean unchanged(long row, long seq) {
        VarHandle.loadLoadFence();
        return (long) LONG.getAcquire(segment, row + R_SEQ) == seq;
    }

    /** Whether the row is in use and holds this key (compare under a stable sequence, or with the lock held). */
    boolean holds(long row, byte[] key, long hash) {
        if (state(row) != TableLayout.USED || (long) LONG.getAcquire(segment, row + R_HASH) != hash
                || (int) INT.getAcquire(segment, row + R_KEY_LENGTH) != key.length) {
            return false;
        }
        return MemorySegment.mismatch(segment, row + R_KEY, row + R_KEY + key.length,
                MemorySegment.ofArray(key), 0, key.length) < 0;
    }

    byte[] key(long row) {
        int length = (int) INT.getAcquire(segment, row + R_KEY_LENGTH);
        if (length < 0 || length > layout.spec.keySize()) {
            return new byte[0]; // read while it changed: the caller's sequence check discards it
        }
        byte[] key = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, row + R_KEY, key, 0, length);
        return key;
    }

    long word(long row, int column) {
        return (long) LONG.getAcquire(segment, row + layout.columnAt[column]);
    }

    /** One 8-byte column, stored whole: a change that needs no sequence or shadow. Lock held. */
    void putWord(long row, int column, long bits) {
        LONG.setRelease(segment, row + layout.columnAt[column], bits);
    }

    Object value(long row, int column) {
        ColumnType type = layout.spec.columns().get(column).type();
        long at = row + layout.columnAt[column];
        if (type == ColumnType.LONG) {
            return (long) LONG.getAcquire(segment, at);
        }
        if (type == ColumnType.DOUBLE) {
            return Double.longBitsToDouble((long) LONG.getAcquire(segment, at));
        }
        int length = Math.clamp((int) INT.getAcquire(segment, at), 0, layout.spec.columns().get(column).size());
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at + 4, bytes, 0, length);
        return bytes;
    }

    /** Writes the values (each a Long bits, or byte[]) into the columns, with no protection. Lock held. */
    void put(long row, int[] columns, Object[] values) {
        for (int i = 0; i < columns.length; i++) {
            long at = row + layout.columnAt[columns[i]];
            if (values[i] instanceof byte[] bytes) {
                MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, at + 4, bytes.length);
                INT.setRelease(segment, at, bytes.length);
            } else {
                LONG.setRelease(segment, at, (long) values[i]);
            }
        }
    }

    /** Changes several words of a used row so that readers never see part of it, and a crash is undone. Lock held. */
    void putGuarded(long row, int[] columns, Object[] values) {
        MemorySegment.copy(segment, row + layout.columnsAt, segment, row + layout.shadowAt, layout.columnBytes);
        INT.setRelease(segment, row + R_UNDO, 1);
        long seq = beginWrite(row);
        put(row, columns, values);
        endWrite(row, seq);
        INT.setRelease(segment, row + R_UNDO, 0);
    }

    /** Makes the sequence odd: readers of the row wait or retry until {@link #endWrite}. Lock held. */
    long beginWrite(long row) {
        long seq = (long) LONG.get(segment, row + R_SEQ) + 1;
        LONG.setOpaque(segment, row + R_SEQ, seq);
        VarHandle.storeStoreFence();
        return seq;
    }

    void endWrite(long row, long oddSeq) {
        LONG.setRelease(segment, row + R_SEQ, oddSeq + 1);
    }

    /** Writes a new row's key and zeroes its columns; its state still says free. Lock held, sequence odd. */
    void init(long row, byte[] key, long hash) {
        LONG.setRelease(segment, row + R_HASH, hash);
        INT.setRelease(segment, row + R_KEY_LENGTH, key.length);
        MemorySegment.copy(key, 0, segment, ValueLayout.JAVA_BYTE, row + R_KEY, key.length);
        segment.asSlice(row + layout.columnsAt, layout.columnBytes).fill((byte) 0);
    }

    void setState(long row, int state) {
        INT.setRelease(segment, row + R_STATE, state);
    }

    /** Puts right what a writer killed while holding the row's lock left; the lock is now this process's. */
    void repair(long row, long deadOwner) {
        long seq = (long) LONG.getVolatile(segment, row + R_SEQ);
        boolean undo = (int) INT.getVolatile(segment, row + R_UNDO) == 1;
        if (undo && (seq & 1) == 1) {
            MemorySegment.copy(segment, row + layout.shadowAt, segment, row + layout.columnsAt, layout.columnBytes);
        }
        INT.setRelease(segment, row + R_UNDO, 0);
        if ((seq & 1) == 1) {
            LONG.setRelease(segment, row + R_SEQ, seq + 1);
        }
        Log.warn("table " + layout.spec.name() + ": row " + (row - TableLayout.HEADER) / layout.stride + " was locked by pid "
                + OwnerToken.pid(deadOwner) + ", which died" + ((seq & 1) == 1 ? " mid-write: " + (undo
                ? "its columns are back as they were before that write" : "the write is complete or was never begun")
                : "; the row was whole") + "; taken over");
    }
}
