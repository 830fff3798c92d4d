package drover.common.table;

/** An insert into a table that already holds its declared rows: refused, nothing changed. */
public final class TableFullException extends IllegalStateException {
    public TableFullException(String message) {
        super(message);
    }
}
