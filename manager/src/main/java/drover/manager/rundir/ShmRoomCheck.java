package drover.manager.rundir;

import drover.common.config.DroverConfig;
import drover.common.config.LargePayload;
import drover.common.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * large_payload=shm at start: says once when shm_dir has less room than the server's payload rings
 * may take. A container's /dev/shm is often 64 MB (Docker's default): then only the first rings fit,
 * and the large payloads of every other link stream, more slowly, with a warning in the log at the
 * first one. This tells the operator up front, and what to change.
 */
public final class ShmRoomCheck {
    private static final long MIB = 1 << 20;

    private ShmRoomCheck() {
    }

    public static void warnIfShort(DroverConfig config) {
        if (config.largePayload() != LargePayload.SHM) {
            return;
        }
        Path existing = config.shmDir();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent(); // shm_dir itself is made at the first large payload
        }
        if (existing == null) {
            return; // nothing to measure: the first ring will fail and say why
        }
        try {
            shortfall(config, Files.getFileStore(existing).getUsableSpace()).ifPresent(Log::warn);
        } catch (IOException e) {
            Log.debug("cannot tell the free space of " + existing + ": " + e.getMessage());
        }
    }

    /** The warning when usableBytes is less than every ring the server may make would take, else empty. */
    static Optional<String> shortfall(DroverConfig config, long usableBytes) {
        long links = (long) config.reactorProcesses() * config.reactorNum() * config.workerNum()
                + (long) config.workerNum() * config.taskWorkerNum();
        long rings = 2 * links; // a ring per link and direction, once large payloads have crossed both ways
        long needed = rings * (config.shmRingSize() + 4096); // the data area and the ring's header page
        if (config.largePayload() != LargePayload.SHM || usableBytes >= needed) {
            return Optional.empty();
        }
        return Optional.of("shm_dir " + config.shmDir() + " has " + usableBytes / MIB + " MiB free, and large_payload=shm"
                + " may take up to " + ceilMib(needed) + " MiB for its payload rings (" + rings + " rings of shm_ring_size "
                + config.shmRingSize() / MIB + " MiB): a large payload that finds no room for a ring is streamed instead,"
                + " more slowly. Give it more room (for a container: docker run --shm-size), lower shm_ring_size,"
                + " or set large_payload=stream");
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
