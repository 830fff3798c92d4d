package drover.common.table;

import java.util.List;

/**
 * One row as it was at one moment (a consistent snapshot): its key and its columns' values, in the
 * table's column order: a Long, a Double or a byte[] each.
 */
public record TableRow(String key, List<Object> values) {
}
