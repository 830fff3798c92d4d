package drover.bench.jmh;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import drover.common.table.ShmTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shared table in one process: get, set and incr of a long column over 1024 keys present in a
 * table of 65536 rows (as Swoole's Table benchmarks do), from as many threads as -t says. Scores are
 * operations per second. Across processes: SharedTableLoad.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SharedTableBenchmark {
    static final int KEYS = 1024;
    private Path dir;
    private ShmTable table;
    private int value;
    private final String[] keys = new String[KEYS];

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void create() throws IOException {
        dir = Files.createTempDirectory(Path.of(Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir")),
                "drover-bench-table");
        table = ShmTable.create(dir.resolve("t.table"), TableSpec.parseAll("t rows=65536 key=32 value:long").get(0));
        value = table.column("value", ColumnType.LONG);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user:" + i;
            table.update(keys[i], value, Long::sum, 1);
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        table.close();
        Files.deleteIfExists(dir.resolve("t.table"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long get(Cursor cursor) {
        return table.getWord(keys[cursor.next++ & (KEYS - 1)], value);
    }

    @Benchmark
    public void set(Cursor cursor) {
        int i = cursor.next++ & (KEYS - 1);
        table.set(keys[i], new int[] {value}, new Object[] {(long) i});
    }

    @Benchmark
    public long incr(Cursor cursor) {
        return table.update(keys[cursor.next++ & (KEYS - 1)], value, Long::sum, 1);
    }
}
