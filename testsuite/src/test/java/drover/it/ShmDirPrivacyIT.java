package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default shm_dir, /dev/shm/drover-<tag>, has a name anyone can guess. When another user made it
 * first (here uid 65534, nobody, mode 0777 as an attacker would), or it is open to group or others,
 * the server refuses it: it maps no ring there, says why in the log, and large payloads stream on the
 * links instead, every echo intact. Before, the server made its rings in it and mapped whatever was
 * put there.
 */
@Timeout(300)
class ShmDirPrivacyIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.forLargePayloads("shm");

    @Test
    void anShmDirAnotherUserMadeFirstIsRefusedAndLargePayloadsStream() throws Exception {
        assertRefusedAndServed("rwxrwxrwx", 65534, "belongs to uid 65534");
    }

    @Test
    void anOwnShmDirOpenToOthersIsRefusedAndLargePayloadsStream() throws Exception {
        assertRefusedAndServed("rwxr-xr-x", -1, "open to group or others");
    }

    private void assertRefusedAndServed(String mode, int owner, String reason) throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Files.createDirectory(shm);
            Files.setPosixFilePermissions(shm, PosixFilePermissions.fromString(mode));
            if (owner >= 0) {
                Files.setAttribute(shm, "unix:uid", owner);
            }
            Files.writeString(shm.resolve("planted"), "someone else's file");
            cluster.start();
            String log = cluster.awaitLog(l -> l.contains("shm_dir " + shm + " " ), "the refusal at start");
            assertTrue(log.contains(reason), log);
            try (EchoClient client = new EchoClient(cluster.port())) {
                for (int size : new int[] {MIB + 1, 3 * MIB, 2 * MIB}) {
                    client.echo(EchoClient.randomBody(size, size));
                }
            }
            try (Stream<Path> files = Files.list(shm)) {
                assertEquals(List.of(shm.resolve("planted")), files.toList(), "no ring was made in it");
            }
            Status counted = cluster.awaitStatus(s -> s.reactorCounter("large_store_failed") == 3, "three packets streamed");
            assertEquals(0, counted.reactorCounter("large_stored"), counted.toString());
            cluster.stop();
            assertEquals("someone else's file", Files.readString(shm.resolve("planted")), "nothing of theirs was touched");
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }
}
