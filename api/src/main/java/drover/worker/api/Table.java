package drover.worker.api;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A table in shared memory that every worker and task worker of the server sees, declared in the
 * setting {@code tables} (name, most rows, longest key, typed columns) and got with
 * {@link Server#table}. Rows are found by a string key (at most the declared bytes of UTF-8) and hold
 * long, double and byte-string columns. An absent row reads as zeros: {@link #incr} and
 * {@link #compareAndSet} on it make it.
 *
 * <p>Every method may be called from any thread of any worker at any time; none blocks on the
 * network, and each one is atomic across processes: a row is never seen half written, and an
 * increment is never lost. A worker killed in the middle of a write (even with {@code kill -9})
 * leaves the row as it was before that write or as the write made it, never in between, and never
 * locked: the next process that needs the row repairs it. The table outlives every worker (respawn,
 * reload) and goes when the server stops. See docs/WRITING-APPS.md, "Shared tables and atomics".
 */
public interface Table {
    /**
     * The table's declared name.
     *
     * @return the name in the setting {@code tables}
     */
    String name();

    /**
     * The most rows the table holds.
     *
     * @return the declared {@code rows}
     */
    int capacity();

    /**
     * How many rows are in use now, in every process together.
     *
     * @return 0 .. {@link #capacity()}
     */
    int count();

    /**
     * Whether the key has a row.
     *
     * @param key the row's key
     * @return true when it has one now
     * @throws IllegalArgumentException when the key is empty or longer than the declared key size
     */
    boolean exists(String key);

    /**
     * A consistent snapshot of the key's row: every column as it was at one moment.
     *
     * @param key the row's key
     * @return the row, or empty when the key has none
     * @throws IllegalArgumentException when the key is empty or too long
     */
    Optional<Row> get(String key);

    /**
     * One long column of the key's row.
     *
     * @param key    the row's key
     * @param column a long column
     * @return its value, 0 when the key has no row
     * @throws IllegalArgumentException when the column is not a long column of this table, or the key is bad
     */
    long getLong(String key, String column);

    /**
     * One double column of the key's row.
     *
     * @param key    the row's key
     * @param column a double column
     * @return its value, 0 when the key has no row
     * @throws IllegalArgumentException when the column is not a double column of this table, or the key is bad
     */
    double getDouble(String key, String column);

    /**
     * Sets the given columns of the key's row at once (other processes see all of them or none),
     * making the row, its other columns zero, when the key has none. Columns not given keep their values.
     *
     * @param key    the row's key
     * @param values column name to value: a Long, Integer, Short or Byte for a long column, any Number
     *               for a double column, a byte[] or a String (as UTF-8) for a bytes column
     * @throws IllegalArgumentException when a column is unknown, a value of the wrong type or too
     *                                  long, or the key bad; then nothing is changed
     * @throws IllegalStateException    when the row is new and the table holds its declared rows
     */
    void set(String key, Map<String, ?> values);

    /**
     * Adds delta to a long column, making the row when absent.
     *
     * @param key    the row's key
     * @param column a long column
     * @param delta  what to add (negative to subtract)
     * @return the column's new value
     * @throws IllegalArgumentException when the column is not a long column, or the key is bad
     * @throws IllegalStateException    when the row is new and the table is full
     */
    long incr(String key, String column, long delta);

    /**
     * Subtracts delta from a long column, as {@code incr(key, column, -delta)}.
     *
     * @param key    the row's key
     * @param column a long column
     * @param delta  what to subtract
     * @return the column's new value
     * @throws IllegalArgumentException when the column is not a long column, or the key is bad
     * @throws IllegalStateException    when the row is new and the table is full
     */
    long decr(String key, String column, long delta);

    /**
     * Adds delta to a double column, making the row when absent.
     *
     * @param key    the row's key
     * @param column a double column
     * @param delta  what to add
     * @return the column's new value
     * @throws IllegalArgumentException when the column is not a double column, or the key is bad
     * @throws IllegalStateException    when the row is new and the table is full
     */
    double incr(String key, String column, double delta);

    /**
     * Sets a long column to newValue only if it holds expected now, atomically across processes. An
     * absent row holds 0: with expected 0 it is made.
     *
     * @param key      the row's key
     * @param column   a long column
     * @param expected the value the column must hold
     * @param newValue its value afterwards
     * @return true when the column held expected and now holds newValue
     * @throws IllegalArgumentException when the column is not a long column, or the key is bad
     * @throws IllegalStateException    when the row would be new and the table is full
     */
    boolean compareAndSet(String key, String column, long expected, long newValue);

    /**
     * Removes the key's row.
     *
     * @param key the row's key
     * @return false when it had none
     * @throws IllegalArgumentException when the key is bad
     */
    boolean del(String key);

    /**
     * Calls the action with a consistent snapshot of each row in use, one row at a time (the walk is
     * not one snapshot of the whole table). Rows made, changed or removed during the walk may or may
     * not be seen; a key removed and made again during the walk may be seen twice.
     *
     * @param action what to do with each row
     */
    void forEach(Consumer<Row> action);

    /** One row as it was at one moment. */
    interface Row {
        /**
         * The row's key.
         *
         * @return the key
         */
        String key();

        /**
         * A long column.
         *
         * @param column the column's name
         * @return its value in this snapshot
         * @throws IllegalArgumentException when it is not a long column
         */
        long getLong(String column);

        /**
         * A double column.
         *
         * @param column the column's name
         * @return its value in this snapshot
         * @throws IllegalArgumentException when it is not a double column
         */
        double getDouble(String column);

        /**
         * A bytes column.
         *
         * @param column the column's name
         * @return a copy of its bytes in this snapshot
         * @throws IllegalArgumentException when it is not a bytes column
         */
        byte[] getBytes(String column);

        /**
         * A bytes column read as UTF-8.
         *
         * @param column the column's name
         * @return its text in this snapshot
         * @throws IllegalArgumentException when it is not a bytes column
         */
        String getString(String column);
    }
}
