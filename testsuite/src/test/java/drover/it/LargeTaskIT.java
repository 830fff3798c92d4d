package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.TaskProbeApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large tasks and results on worker<->task worker links (issue 6) take the large_payload path of the
 * reactor links: byte for byte both ways at 1, 16 and 64 MiB, by stream, file, queue and ring, and a small task
 * is not held behind the chunks of a large one.
 */
@Timeout(300)
class LargeTaskIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1)
            .set("reactor_num=1")
            .set("task_worker_num=1")
            .set("package_max_length=80M")
            .set("buffer_output_size=80M");

    @TempDir
    Path temp;

    @Test
    void streamedTasksAndResultsOfOneSixteenAndSixtyFourMebibytesArriveByteForByte() throws Exception {
        cluster.start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB}) {
                assertEquals("bulk ok " + size, client.request("bulk " + size + " " + size / MIB));
            }
            assertTrue(client.request("sleep 0").startsWith("done slept 0 "), "small tasks as ever");
        }
        assertFalse(cluster.log().contains("corrupt"), cluster.log());
    }

    @Test
    void tasksAndResultsCrossByFileByteForByteAndNoFileIsLeft() throws Exception {
        Path dir = Files.createDirectory(cluster.home().resolve("payloads"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        cluster.set("large_payload=tmpfile").set("tmp_dir=" + dir).start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB}) {
                assertEquals("bulk ok " + size, client.request("bulk " + size + " " + size / MIB));
                assertEquals(List.of(), files(dir), "each file is deleted by its reader before the answer");
            }
        }
        assertFalse(cluster.log().contains("large payload not stored"), "went by file, not streamed");
        cluster.stop();
        assertEquals(List.of(), files(dir));
    }

    @Test
    void tasksAndResultsCrossByChronicleQueueByteForByteAndStopLeavesNoQueue() throws Exception {
        Path shm = cluster.home().resolve("shm");
        cluster.set("large_payload=chronicle").set("shm_dir=" + shm).start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB}) {
                assertEquals("bulk ok " + size, client.request("bulk " + size + " " + size / MIB));
            }
            assertTrue(client.request("sleep 0").startsWith("done slept 0 "), "small tasks as ever");
        }
        String log = cluster.log();
        assertFalse(log.contains("large payload not put in the Chronicle Queue"), "went by queue, not by file: " + log);
        assertFalse(log.contains("corrupt"), log);
        cluster.stop();
        assertEquals(List.of(), Files.exists(shm) ? files(shm) : List.of(), "stop removes every queue");
    }

    @Test
    void tasksAndResultsCrossByShmRingByteForByteAndStopLeavesNoRing() throws Exception {
        Path shm = cluster.home().resolve("shm");
        cluster.set("large_payload=shm").set("shm_dir=" + shm).set("shm_ring_size=24M")
                .start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB, 16 * MIB}) { // 64 MiB is larger than a ring: streamed
                assertEquals("bulk ok " + size, client.request("bulk " + size + " " + size / MIB));
            }
            assertTrue(client.request("sleep 0").startsWith("done slept 0 "), "small tasks as ever");
            assertTrue(files(shm).stream().anyMatch(f -> f.getFileName().toString().endsWith(".ring")), "went by ring: " + files(shm));
        }
        String log = cluster.log();
        assertFalse(log.contains("large payload not stored"), "no ring failed: " + log);
        assertFalse(log.contains("corrupt"), log);
        cluster.stop();
        assertEquals(List.of(), Files.exists(shm) ? files(shm) : List.of(), "stop removes every ring");
    }

    /** A disk that fills mid-write (ulimit -f: EFBIG past 4 MiB): that task and its result stream instead. */
    @Test
    void aDiskThatFillsMidWriteStreamsTheTaskAndItsResultAndTheTaskWorkerCarriesOn() throws Exception {
        Path dir = Files.createDirectory(cluster.home().resolve("payloads"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Status before = cluster.withFileSizeLimit(4 * MIB).set("large_payload=tmpfile").set("tmp_dir=" + dir)
                .start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("bulk ok " + 16 * MIB, client.request("bulk " + 16 * MIB + " 3"));
            assertEquals("bulk ok " + 2 * MIB, client.request("bulk " + 2 * MIB + " 4"));
        }
        String log = cluster.awaitLog("streaming it over the link instead");
        assertTrue(log.contains("cannot write a large payload of " + 16 * MIB + " bytes") && log.contains("File too large"), log);
        assertEquals(before.taskWorkerPid(0), cluster.status().taskWorkerPid(0), "the task worker carries on");
        assertEquals(List.of(), files(dir), "the part written before the disk filled was deleted");
    }

    /**
     * The worker submits a 64 MiB task and then a small one to the same task worker, which runs its
     * tasks one at a time in the order they are whole. As one frame, the large task would be whole
     * first and the small one would run (and answer) after it; in chunks, the small one slips in
     * before the first chunk's end and its answer comes first.
     */
    @Test
    void aSmallTaskSubmittedAfterASixtyFourMebibyteOneIsAnsweredFirst() throws Exception {
        cluster.start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int round = 0; round < 2; round++) {
                client.sendRaw(EchoClient.packet(("order " + 64 * MIB).getBytes()));
                String first = client.readText();
                String second = client.readText();
                assertTrue(first.startsWith("done slept 0 "), "the small task's answer first: " + first + " / " + second);
                assertEquals("bulk ok " + 64 * MIB, second);
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
