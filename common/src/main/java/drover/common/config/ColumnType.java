package drover.common.config;

/** The kinds of column a shared table row holds (setting {@code tables}): 8-byte numbers or a byte string of a fixed most. */
public enum ColumnType {
    LONG, DOUBLE, BYTES;

    /** "long", "double" or "bytes", as the setting writes it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
