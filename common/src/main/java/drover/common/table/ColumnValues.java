package drover.common.table;

import drover.common.config.TableSpec;
import java.nio.charset.StandardCharsets;

/** What an app may put in a column, checked before any lock is taken so a bad value changes nothing. */
final class ColumnValues {
    private ColumnValues() {
    }

    /**
     * A value for the column as stored: Long bits for long (from a Long, Integer, Short or Byte) and
     * double (from any Number), byte[] for bytes (from a byte[], copied, or a String as UTF-8);
     * anything else, or too many bytes, is refused with the reason.
     */
    static Object encode(TableSpec table, int column, Object value) {
        TableSpec.Column spec = table.columns().get(column);
        return switch (spec.type()) {
            case LONG -> {
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    yield ((Number) value).longValue();
                }
                throw wrongValue(table, spec, value);
            }
            case DOUBLE -> {
                if (value instanceof Number number) {
                    yield Double.doubleToRawLongBits(number.doubleValue());
                }
                throw wrongValue(table, spec, value);
            }
            case BYTES -> {
                byte[] bytes = value instanceof byte[] b ? b.clone()
                        : value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
                if (bytes == null) {
                    throw wrongValue(table, spec, value);
                }
                if (bytes.length > spec.size()) {
                    throw new IllegalArgumentException("table " + table.name() + ": column " + spec.name() + " holds at most "
                            + spec.size() + " bytes, given " + bytes.length);
                }
                yield bytes;
            }
        };
    }

    private static IllegalArgumentException wrongValue(TableSpec table, TableSpec.Column column, Object value) {
        return new IllegalArgumentException("table " + table.name() + ": column " + column.name() + " is "
                + column.type().label() + ", given " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

}
