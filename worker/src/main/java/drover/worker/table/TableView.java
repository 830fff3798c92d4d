package drover.worker.table;

import drover.common.config.ColumnType;
import drover.common.table.ShmTable;
import drover.worker.api.Table;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A shared table as the app sees it: column names checked and turned into the table's own indices. */
final class TableView implements Table {
    private final ShmTable table;

    TableView(ShmTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return table.spec().name();
    }

    @Override
    public int capacity() {
        return table.capacity();
    }

    @Override
    public int count() {
        return table.count();
    }

    @Override
    public boolean exists(String key) {
        return table.exists(key);
    }

    @Override
    public Optional<Row> get(String key) {
        return Optional.ofNullable(table.get(key)).map(row -> new RowView(table.spec(), row));
    }

    @Override
    public long getLong(String key, String column) {
        return table.getWord(key, table.column(column, ColumnType.LONG));
    }

    @Override
    public double getDouble(String key, String column) {
        return Double.longBitsToDouble(table.getWord(key, table.column(column, ColumnType.DOUBLE)));
    }

    @Override
    public void set(String key, Map<String, ?> values) {
        int[] columns = new int[values.size()];
        Object[] given = new Object[values.size()];
        int i = 0;
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            columns[i] = table.column(entry.getKey(), null);
            given[i++] = entry.getValue();
        }
        if (columns.length == 0) {
            throw new IllegalArgumentException("table " + name() + ": set of key " + key + " names no column");
        }
        table.set(key, columns, given);
    }

    @Override
    public long incr(String key, String column, long delta) {
        return table.update(key, table.column(column, ColumnType.LONG), Long::sum, delta);
    }

    @Override
    public long decr(String key, String column, long delta) {
        return incr(key, column, -delta);
    }

    @Override
    public double incr(String key, String column, double delta) {
        return Double.longBitsToDouble(table.update(key, table.column(column, ColumnType.DOUBLE),
                (bits, add) -> Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + Double.longBitsToDouble(add)),
                Double.doubleToRawLongBits(delta)));
    }

    @Override
    public boolean compareAndSet(String key, String column, long expected, long newValue) {
        return table.compareAndSet(key, table.column(column, ColumnType.LONG), expected, newValue);
    }

    @Override
    public boolean del(String key) {
        return table.delete(key);
    }

    @Override
    public void forEach(Consumer<Row> action) {
        table.forEach(row -> action.accept(new RowView(table.spec(), row)));
    }
}
