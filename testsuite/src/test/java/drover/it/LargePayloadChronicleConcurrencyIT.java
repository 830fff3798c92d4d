package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.TempFileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * large_payload=chronicle under concurrency: two reactor threads and two workers, several connections
 * each echoing 1 MiB and 16 MiB bodies at once. Payloads in flight on every link at the same time is
 * what lost replies (and hung an event loop) when queues were shared and cycle files deleted on read.
 */
@Timeout(180)
class LargePayloadChronicleConcurrencyIT {
    private static final int MIB = 1 << 20;
    private static final int CONNECTIONS = 6;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2)
            .set("reactor_num=2")
            .set("package_max_length=20M")
            .set("buffer_output_size=40M")
            .set("large_payload=chronicle");

    @Test
    void concurrentLargeEchoesAllComeBackWholeAndConsumedCycleFilesDoNotPileUp() throws Exception {
        cluster.home();
        String tag = TempFileStore.serverPrefix(cluster.runDir());
        Path shm = Path.of("/dev/shm", tag.substring(0, tag.length() - 1));
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            cluster.start();
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                results.add(clients.submit(() -> echoes(connection)));
            }
            long deadline = Deadline.nanosFromNow(Duration.ofSeconds(90));
            int echoed = 0;
            for (Future<Integer> result : results) {
                // a lost reply shows as the client's read timeout, or as this deadline
                echoed += result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            assertEquals(CONNECTIONS * 6, echoed);
            assertFalse(cluster.log().contains("not put in the Chronicle Queue"), "went by queue, not by file: " + cluster.log());
            assertFalse(cluster.log().contains("large payload not stored"), "not streamed");
            // what may stay is one small marker cycle per queue: never a payload's file
            List<String> queues = list(shm);
            List<Path> cycles = ShmQueues.cycleFiles(shm);
            assertTrue(cycles.size() <= queues.size(), "consumed cycle files were deleted: " + cycles + " in " + queues);
            for (Path cycle : cycles) {
                assertTrue(allocated(cycle) < 2L * MIB, "a leftover cycle holds no payload: " + cycle);
            }
            cluster.stop();
            assertFalse(Files.exists(shm), "stop removes the server's shm_dir");
        } finally {
            clients.shutdownNow();
            ShmQueues.deleteIfLeft(shm);
        }
    }

    /** Five 1 MiB echoes with a 16 MiB one among them, each checked byte for byte. */
    private int echoes(int connection) throws IOException {
        try (EchoClient client = new EchoClient(cluster.port())) {
            int done = 0;
            for (int i = 0; i < 6; i++) {
                int size = i == 2 ? 16 * MIB : MIB + i;
                client.echo(EchoClient.randomBody(size, connection * 100L + i));
                done++;
            }
            return done;
        }
    }

    // tmpfs files are sparse: Chronicle maps a whole block, but only written pages take memory
    private static long allocated(Path file) throws IOException {
        try {
            Process du = new ProcessBuilder("du", "-k", file.toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes()).trim();
            du.waitFor();
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (InterruptedException | NumberFormatException e) {
            throw new IOException("cannot measure " + file + ": " + e, e);
        }
    }

    private static List<String> list(Path shm) throws IOException {
        try (Stream<Path> s = Files.list(shm)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
