package drover.common.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One shared-memory table as the setting {@code tables} declares it: its name, how many rows it
 * holds at most, the longest key in bytes (UTF-8) and its columns. Every process derives the table's
 * layout from this alone, so the manager and each worker agree on it without asking each other.
 *
 * <p>The setting's text: tables separated by {@code ;}, each one its name, {@code rows=N},
 * {@code key=N} and one {@code column:type} per column, separated by spaces, where a type is
 * {@code long}, {@code double} or {@code bytesN} (a byte string of at most N bytes). For example
 * {@code counters rows=4096 key=64 hits:long; users rows=100000 key=36 room:long name:bytes32}.
 */
public record TableSpec(String name, int rows, int keySize, List<Column> columns) {
    static final int MAX_ROWS = 1 << 24;
    static final int MAX_KEY = 1024;
    static final int MAX_BYTES = 65536;
    static final int MAX_COLUMNS = 64;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern COUNT = Pattern.compile("\\d{1,9}");

    /** One column: its name, type and, for bytes, the most bytes it holds (8 for the numbers). */
    public record Column(String name, ColumnType type, int size) {
        @Override
        public String toString() {
            return name + ":" + type.label() + (type == ColumnType.BYTES ? Integer.toString(size) : "");
        }
    }

    public TableSpec {
        columns = List.copyOf(columns);
    }

    /** The index of the named column, or -1. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The canonical text {@link #parseAll} reads back to an equal spec. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(" ");
        joiner.add(name).add("rows=" + rows).add("key=" + keySize);
        columns.forEach(c -> joiner.add(c.toString()));
        return joiner.toString();
    }

    /** The whole setting's canonical text. */
    static String format(List<TableSpec> tables) {
        return String.join("; ", tables.stream().map(TableSpec::toString).toList());
    }

    /**
     * Reads the setting's text; empty text declares no table.
     *
     * @throws IllegalArgumentException naming the table and the part that is wrong
     */
    public static List<TableSpec> parseAll(String text) {
        List<TableSpec> tables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            TableSpec table = parse(entry.strip());
            if (!names.add(table.name())) {
                throw new IllegalArgumentException("table " + table.name() + " is declared twice");
            }
            tables.add(table);
        }
        return List.copyOf(tables);
    }

    private static TableSpec parse(String entry) {
        String[] words = entry.split("\\s+");
        String name = words[0];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table name '" + name + "' is not 1..32 of a-z, 0-9, _ starting with a letter");
        }
        int rows = 0;
        int keySize = 0;
        List<Column> columns = new ArrayList<>();
        Set<String> columnNames = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("rows=")) {
                rows = count(name, word, 1, MAX_ROWS);
            } else if (word.startsWith("key=")) {
                keySize = count(name, word, 1, MAX_KEY);
            } else {
                Column column = column(name, word);
                if (!columnNames.add(column.name())) {
                    throw new IllegalArgumentException("table " + name + ": column " + column.name() + " is declared twice");
                }
                columns.add(column);
            }
        }
        if (rows == 0 || keySize == 0 || columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("table " + name + ": expected rows=N, key=N and 1.." + MAX_COLUMNS + " columns");
        }
        return new TableSpec(name, rows, keySize, columns);
    }

    private static int count(String table, String word, int min, int max) {
        String digits = word.substring(word.indexOf('=') + 1);
        long value = COUNT.matcher(digits).matches() ? Long.parseLong(digits) : -1;
        if (value < min || value > max) {
            throw new IllegalArgumentException("table " + table + ": " + word + " is not " + word.substring(0, word.indexOf('='))
                    + "=" + min + ".." + max);
        }
        return (int) value;
    }

    private static Column column(String table, String word) {
        int colon = word.indexOf(':');
        String name = colon < 0 ? word : word.substring(0, colon);
        String type = colon < 0 ? "" : word.substring(colon + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table " + table + ": '" + word + "' is neither rows=N, key=N nor column:type"
                    + " with a column name of 1..32 of a-z, 0-9, _");
        }
        if (type.equals("long")) {
            return new Column(name, ColumnType.LONG, 8);
        }
        if (type.equals("double")) {
            return new Column(name, ColumnType.DOUBLE, 8);
        }
        if (type.startsWith("bytes") && COUNT.matcher(type.substring(5)).matches()) {
            long size = Long.parseLong(type.substring(5));
            if (size >= 1 && size <= MAX_BYTES) {
                return new Column(name, ColumnType.BYTES, (int) size);
            }
        }
        throw new IllegalArgumentException("table " + table + ": column " + name + " has type '" + type
                + "', expected long, double or bytesN with N 1.." + MAX_BYTES);
    }

    /** The UTF-8 bytes of a key, checked against this table's key size. */
    public byte[] keyBytes(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > keySize) {
            throw new IllegalArgumentException("table " + name + ": key of " + bytes.length + " bytes, expected 1.." + keySize);
        }
        return bytes;
    }
}
