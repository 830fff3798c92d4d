package drover.common.table;

import drover.common.config.TableSpec;
import java.nio.file.Path;

/** The child of KilledWriterTest: writes rows whose columns a and b always sum to 0, until killed. */
public final class KilledWriter {
    static final TableSpec SPEC = TableSpec.parseAll("t rows=16 key=8 a:long b:long").get(0);
    static final int KEYS = 8;

    private KilledWriter() {
    }

    public static void main(String[] args) throws Exception {
        try (ShmTable table = ShmTable.open(Path.of(args[0]), SPEC)) {
            int[] columns = {0, 1};
            for (long n = 1; ; n++) {
                for (int k = 0; k < KEYS; k++) {
                    table.set("k" + k, columns, new Object[] {n, -n});
                    table.update("k" + k, 0, Long::sum, 1); // a one-word write too: a and b differ by 1 ...
                    table.update("k" + k, 0, Long::sum, -1); // ... only between these two, never seen as whole rows
                }
            }
        }
    }
}
