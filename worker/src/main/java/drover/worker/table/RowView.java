package drover.worker.table;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import drover.common.table.TableRow;
import drover.worker.api.Table;
import java.nio.charset.StandardCharsets;

/** A row snapshot as the app sees it. */
record RowView(TableSpec spec, TableRow row) implements Table.Row {
    @Override
    public String key() {
        return row.key();
    }

    @Override
    public long getLong(String column) {
        return (Long) value(column, ColumnType.LONG);
    }

    @Override
    public double getDouble(String column) {
        return (Double) value(column, ColumnType.DOUBLE);
    }

    @Override
    public byte[] getBytes(String column) {
        return ((byte[]) value(column, ColumnType.BYTES)).clone();
    }

    @Override
    public String getString(String column) {
        return new String((byte[]) value(column, ColumnType.BYTES), StandardCharsets.UTF_8);
    }

    private Object value(String column, ColumnType type) {
        int index = spec.columnIndex(column);
        if (index < 0 || spec.columns().get(index).type() != type) {
            throw new IllegalArgumentException("table " + spec.name() + " has no " + type.label() + " column " + column
                    + " (it has " + spec.columns() + ")");
        }
        return row.values().get(index);
    }

    @Override
    public String toString() {
        return "Row[" + row.key() + "]";
    }
}
