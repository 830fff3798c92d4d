package drover.bench;

import drover.common.config.ColumnType;
import drover.common.config.TableSpec;
import drover.common.table.ShmTable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared table hammered by several processes at once, as a server's workers would:
 * {@code SharedTableLoad [get|set|incr] PROCESSES SECONDS}. Makes a table of 65536 rows with 1024
 * keys in /dev/shm, starts PROCESSES JVMs that each run the operation over those keys for SECONDS,
 * and prints each one's and the total operations per second, and each one's per second of its own
 * CPU time (the figure that holds on a machine busy with other work). After incr it checks that the table's
 * sum equals the increments the processes made. The table is removed at the end.
 */
public final class SharedTableLoad {
    static final int KEYS = 1024;
    /** Keeps the reads from being optimised away. */
    static volatile long blackhole;
    private static final TableSpec SPEC = TableSpec.parseAll("t rows=65536 key=32 value:long").get(0);

    private SharedTableLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("--child")) {
            child(Path.of(args[1]), args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args.length != 3 || !List.of("get", "set", "incr").contains(args[0])) {
            System.err.println("usage: SharedTableLoad get|set|incr PROCESSES SECONDS");
            System.exit(2);
        }
        run(args[0], Integer.parseInt(args[1]), Long.parseLong(args[2]));
    }

    private static void run(String op, int processes, long seconds) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "drover-table-load");
        Path file = dir.resolve("t.table");
        List<Process> children = new ArrayList<>();
        try (ShmTable table = ShmTable.create(file, SPEC)) {
            int value = table.column("value", ColumnType.LONG);
            for (int i = 0; i < KEYS; i++) {
                table.update("user:" + i, value, Long::sum, 0);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            for (int p = 0; p < processes; p++) {
                children.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), SharedTableLoad.class.getName(), "--child",
                        file.toString(), op, Long.toString(seconds * 1000), Integer.toString(p * KEYS / processes)).redirectErrorStream(true).start());
            }
            long total = 0;
            long warmups = 0;
            for (Process child : children) {
                String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                child.waitFor();
                String[] words = out.substring(out.lastIndexOf('\n') + 1).split(" ");
                long ops = Long.parseLong(words[2]);
                System.out.printf("process %d: %,d %s/s, %,d per CPU second%n", child.pid(), ops / seconds, op,
                        Long.parseLong(words[1]));
                total += ops;
                warmups += Long.parseLong(words[3]);
            }
            System.out.printf("%d processes: %,d %s/s in all%n", processes, total / seconds, op);
            if (op.equals("incr")) {
                AtomicLong sum = new AtomicLong();
                table.forEach(row -> sum.addAndGet((Long) row.values().get(0)));
                System.out.println(sum.get() == total + warmups ? "sum of the table == increments made: " + sum.get()
                        : "MISMATCH: table sums to " + sum.get() + ", increments made " + total);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Runs op over the keys from start on (each process its own start, so they rarely want one row at once). */
    private static void child(Path file, String op, long millis, int start) throws IOException {
        try (ShmTable table = ShmTable.open(file, SPEC)) {
            int value = table.column("value", ColumnType.LONG);
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "user:" + (start + i) % KEYS;
            }
            int[] columns = {value};
            long warm = run(table, op, keys, columns, value, 2000); // warm-up: the JIT compiles the loop
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long ops = run(table, op, keys, columns, value, millis);
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
            System.out.println("ops " + ops * 1_000_000_000L / Math.max(1, cpu) + " " + ops + " " + warm);
        }
    }

    private static long run(ShmTable table, String op, String[] keys, int[] columns, int value, long millis) {
        long ops = 0;
        long sink = 0;
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            for (int i = 0; i < KEYS; i++) {
                switch (op) {
                    case "get" -> sink += table.getWord(keys[i], value);
                    case "set" -> table.set(keys[i], columns, new Object[] {(long) i});
                    default -> sink += table.update(keys[i], value, Long::sum, 1);
                }
            }
            ops += KEYS;
        }
        blackhole = sink;
        return ops;
    }
}
