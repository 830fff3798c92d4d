package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.TempFileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** large_payload=tmpfile (issue 6): payloads cross by file, and no file outlives its use or the server. */
@Timeout(300)
class LargePayloadTmpFileIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.forLargePayloads("tmpfile");

    private Path payloadDir() throws IOException {
        Path dir = Files.createDirectory(cluster.home().resolve("payloads"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        cluster.set("tmp_dir=" + dir);
        return dir;
    }

    @Test
    void echoesCrossByFileByteForByteAndEveryFileIsDeletedOnceRead() throws Exception {
        Path dir = payloadDir();
        // a file a killed run of this server left: the manager sweeps it at start
        Path stale = Files.writeString(dir.resolve(TempFileStore.serverPrefix(cluster.runDir()) + "123-1.payload"), "old");
        Path foreign = Files.writeString(dir.resolve("drover-00000000-1-1.payload.other"), "not ours");
        cluster.start();
        assertFalse(Files.exists(stale), "swept at start");
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB, 16 * MIB, 64 * MIB}) {
                client.echo(EchoClient.randomBody(size, size));
                assertEquals(List.of(foreign), files(dir), "each payload file is deleted by its reader before the echo");
            }
        }
        assertFalse(cluster.log().contains("large payload not stored"), "went by file, not streamed");
        cluster.stop();
        assertEquals(List.of(foreign), files(dir));
    }

    @Test
    void aTmpDirThatCannotBeWrittenFallsBackToStreamingAndSaysWhy() throws Exception {
        // a file where the directory should be: no write succeeds, whoever runs the test (root ignores modes)
        Path dir = Files.writeString(cluster.home().resolve("payloads"), "not a directory");
        cluster.set("tmp_dir=" + dir);
        cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(16 * MIB, 1));
            client.echo("and small ones as ever".getBytes());
            client.echo(EchoClient.randomBody(2 * MIB, 2));
        }
        String log = cluster.awaitLog("streaming it over the link instead");
        assertTrue(log.contains("large payload not stored (1 so far): cannot write a large payload of "), log);
        assertTrue(log.contains(dir + "/drover-"), "the message names the file it tried");
    }

    /**
     * A disk that fills in the middle of a payload file (ulimit -f: the write fails with EFBIG past
     * 4 MiB, as it would with ENOSPC on a full disk): the part written is deleted, that payload is
     * streamed instead and the sender's log says why; the connection and the processes carry on, and
     * payloads that fit still go by file.
     */
    @Test
    void aDiskThatFillsMidWriteStreamsThatPayloadLeavesNoPartFileAndEveryoneCarriesOn() throws Exception {
        Path dir = payloadDir();
        Status before = cluster.withFileSizeLimit(4 * MIB).start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(2 * MIB, 11));
            client.echo(EchoClient.randomBody(16 * MIB, 12));
            client.echo("small ones as ever".getBytes());
            client.echo(EchoClient.randomBody(64 * MIB, 13));
            client.echo(EchoClient.randomBody(3 * MIB, 14));
        }
        String log = cluster.awaitLog("streaming it over the link instead");
        assertTrue(log.contains("File too large"), "the log names the cause: " + log);
        Matcher failed = Pattern.compile("cannot write a large payload of (\\d+) bytes").matcher(log);
        int failures = 0;
        while (failed.find()) {
            failures++;
            assertTrue(Long.parseLong(failed.group(1)) > 4 * MIB, "only payloads past the limit failed: " + failed.group());
        }
        assertEquals(2, failures, "the first failure of each sender is logged: the reactor's and the worker's");
        Status after = cluster.status();
        assertEquals(before.workerPid(0), after.workerPid(0), "the worker carries on");
        assertEquals(before.reactorPid(), after.reactorPid(), "the reactor carries on");
        assertEquals(List.of(), files(dir), "the part written before the disk filled was deleted");
    }

    @Test
    void afterAWorkerIsKilledMidTransferAndTheServerStopsNoFileIsLeft() throws Exception {
        Path dir = payloadDir();
        Status before = cluster.start();
        long victim = before.workerPid(0);
        MidTransferKill.killWorkerWhileABigPacketCrosses(cluster, victim);
        cluster.stop();
        assertEquals(List.of(), files(dir), "the manager swept what the killed worker was sent");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
