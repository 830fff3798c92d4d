package drover.chronicle;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** How both ends open a queue directory: they must agree on roll cycle, epoch and block size. */
final class Queues {
    /**
     * One-second cycles, but a writer's clock moves a whole cycle on for every entry (QueueWriter), so
     * each payload has a cycle file of its own that its reader deletes once it has read past it.
     */
    static final TestRollCycles ROLL_CYCLE = TestRollCycles.TEST_SECONDLY;
    /** 2026-01-01T00:00Z: cycles count seconds from here, so the int cycle number lasts for decades. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private Queues() {
    }

    private static final DateTimeFormatter CYCLE_NAME = DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);

    static final String SUFFIX = ".cq4";

    /** The cycle a file name of cycleFileName stands for. */
    static int cycleOf(String fileName) {
        String stamp = fileName.substring(0, fileName.length() - SUFFIX.length());
        long millis = java.time.LocalDateTime.parse(stamp, CYCLE_NAME).toInstant(ZoneOffset.UTC).toEpochMilli();
        return (int) ((millis - EPOCH_MILLIS) / ROLL_CYCLE.lengthInMillis());
    }

    /** Chronicle's own name for a cycle's file (ChronicleStoreTest checks that the two agree). */
    static String cycleFileName(int cycle) {
        return CYCLE_NAME.format(Instant.ofEpochMilli(EPOCH_MILLIS + (long) cycle * ROLL_CYCLE.lengthInMillis())) + ".cq4";
    }

    /**
     * Sends one small payload through a throwaway queue (dir, deleted after) so that the classes, the
     * file set-up and the JIT are ready before the first real payload, which would otherwise wait
     * seconds in an event loop on a busy machine.
     */
    static void warmUp(Path dir, long blockSize) {
        Thread.currentThread().setContextClassLoader(Queues.class.getClassLoader()); // see ChronicleStore.put
        try {
            try {
                java.nio.file.Files.createDirectory(dir.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // shm_dir is there already: the usual case
            }
            QueueWriter writer = new QueueWriter(dir, blockSize);
            QueueReader reader = new QueueReader(dir, blockSize);
            try {
                long index = writer.append(new byte[] {1});
                reader.take(index, 1);
            } finally {
                writer.close();
                reader.close();
            }
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            drover.common.log.Log.warn("Chronicle warm-up in " + dir + ": " + e); // only speed is at stake
        } finally {
            try {
                drover.common.payload.StoreDirs.deleteTree(dir);
            } catch (java.io.IOException e) {
                drover.common.log.Log.warn("cannot delete Chronicle warm-up queue " + dir + ": " + e.getMessage());
            }
        }
    }

    static SingleChronicleQueueBuilder builder(Path dir, long blockSize) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(ROLL_CYCLE).epoch(EPOCH_MILLIS).blockSize(blockSize);
    }
}
