package drover.common.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory and GC figures: what the manager cannot see from outside the JVM (and its RSS). */
public record ProcessVitals(long heapUsedBytes, long heapCommittedBytes, long gcCount, long gcMillis, long rssBytes) {
    private static final Path STATM = Path.of("/proc/self/statm");
    /** Linux's page size on the machines Drover runs on (x86-64, arm64 with 4 KiB pages). */
    private static final long PAGE_SIZE = 4096;

    /** This JVM's figures now. */
    public static ProcessVitals measure() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new ProcessVitals(heap.getUsed(), heap.getCommitted(), count, millis, rssOf(STATM));
    }

    /** Resident bytes of a process from its {@code /proc/PID/statm} (second field, in pages); 0 when unreadable. */
    public static long rssOf(Path statm) {
        try {
            String[] fields = Files.readString(statm).trim().split(" ");
            return fields.length > 1 ? Long.parseLong(fields[1]) * PAGE_SIZE : 0;
        } catch (IOException | NumberFormatException e) {
            return 0; // the process is gone, or not Linux: no figure rather than a failure
        }
    }

    /** Resident bytes of the process with this pid; 0 when it is gone. */
    public static long rssOf(long pid) {
        return rssOf(Path.of("/proc", Long.toString(pid), "statm"));
    }
}
