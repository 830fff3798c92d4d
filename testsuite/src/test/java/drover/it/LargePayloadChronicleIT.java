package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * large_payload=chronicle (issue 6): payloads cross through Chronicle Queues in shm_dir (the default,
 * under /dev/shm), each cycle file is gone once read, and nothing of the server is left there after stop,
 * even when a worker was killed in the middle of a transfer.
 */
@Timeout(300)
class LargePayloadChronicleIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.forLargePayloads("chronicle");

    @Test
    void echoesCrossByQueueByteForByteAndEachCycleFileIsDeletedOnceRead() throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Status status = cluster.start();
            try (EchoClient client = new EchoClient(cluster.port())) {
                for (int size : new int[] {MIB + 1, 16 * MIB, 64 * MIB}) {
                    client.echo(EchoClient.randomBody(size, size));
                    // what stays is one small marker file per queue (QueueWriter)
                    assertEquals(queues(shm).size(), ShmQueues.cycleFiles(shm).size(), "each payload's cycle file is deleted by its reader before the echo: " + ShmQueues.cycleFiles(shm));
                }
            }
            assertEquals(2, queues(shm).size(), "a queue each for the reactor thread and the worker: " + queues(shm));
            String workerCommand = ProcessHandle.of(status.workerPid(0)).orElseThrow().info().commandLine().orElse("");
            assertTrue(workerCommand.contains("-Dchronicle.analytics.disable=true"), workerCommand);
            assertFalse(cluster.log().contains("not put in the Chronicle Queue"), "went by queue, not by file");
            assertFalse(cluster.log().contains("large payload not stored"), "not streamed");
            cluster.stop();
            assertFalse(Files.exists(shm), "stop removes the server's shm_dir");
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }

    @Test
    void anUnusableShmDirFallsBackToFilesAndSaysWhy() throws Exception {
        Path notADirectory = Files.writeString(cluster.home().resolve("shm"), "not a directory");
        Path payloads = Files.createDirectory(cluster.home().resolve("payloads"));
        cluster.set("shm_dir=" + notADirectory).set("tmp_dir=" + payloads);
        cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(2 * MIB, 1));
            client.echo("and small ones as ever".getBytes());
        }
        String log = cluster.awaitLog("large payload not put in the Chronicle Queue (1 so far): shm_dir " + notADirectory);
        assertTrue(log.contains("using a file in tmp_dir " + payloads + " instead"), log);
        assertFalse(log.contains("large payload not stored"), "went by file, not streamed");
        try (Stream<Path> s = Files.list(payloads)) {
            assertEquals(0, s.count(), "the files were deleted once read");
        }
    }

    @Test
    void afterAWorkerIsKilledMidTransferAndTheServerStopsNothingIsLeftInShm() throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Status before = cluster.start();
            long victim = before.workerPid(0);
            MidTransferKill.killWorkerWhileABigPacketCrosses(cluster, victim);
            assertTrue(queues(shm).stream().noneMatch(q -> q.contains("-" + victim + "-")),
                    "the killed worker's queue was swept when it died: " + queues(shm));
            cluster.stop();
            assertFalse(Files.exists(shm), "nothing of the server is left in /dev/shm: " + (Files.exists(shm) ? queues(shm) : ""));
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }

    private static List<String> queues(Path shm) throws IOException {
        try (Stream<Path> s = Files.list(shm)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
