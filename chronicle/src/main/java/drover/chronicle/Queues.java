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
     * One-second cycles, but a writer's clock moves a whole cycle on for every payload (QueueWriter), so
     * each payload has a cycle file of its own that its reader deletes as soon as it has read it.
     */
    static final TestRollCycles ROLL_CYCLE = TestRollCycles.TEST_SECONDLY;
    /** 2026-01-01T00:00Z: cycles count seconds from here, so the int cycle number lasts for decades. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private Queues() {
    }

    private static final DateTimeFormatter CYCLE_NAME = DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);

    /** Chronicle's own name for a cycle's file (ChronicleStoreTest checks that the two agree). */
    static String cycleFileName(int cycle) {
        return CYCLE_NAME.format(Instant.ofEpochMilli(EPOCH_MILLIS + (long) cycle * ROLL_CYCLE.lengthInMillis())) + ".cq4";
    }

    static SingleChronicleQueueBuilder builder(Path dir, long blockSize) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(ROLL_CYCLE).epoch(EPOCH_MILLIS).blockSize(blockSize);
    }
}
