package drover.common.table;

/** An insert into a table that already holds its declared rows: refused, nothing changed. */
final class TableFullException extends IllegalStateException {
    TableFullException(String message) {
        super(message);
    }
}
