package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Declared shared tables that cannot be made refuse the start with the reason, and leave nothing behind. */
@Timeout(120)
class SharedTableStartIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @Test
    void tablesInAnShmDirThatIsASymbolicLinkRefuseTheStart() throws Exception {
        Path real = Files.createDirectory(cluster.home().resolve("real-shm"));
        Path link = Files.createSymbolicLink(cluster.home().resolve("shm"), real);
        cluster.set("shm_dir=" + link).set("task_worker_num=0");
        refused(cluster.tryStart(DroverCluster.COUNTER_JAR), "is a symbolic link: refused");
        assertEquals(List.of(), tableFiles(real));
    }

    @Test
    void aTableLargerThanTheFileSizeLimitRefusesTheStartAndIsRemoved() throws Exception {
        Path shm = cluster.home().resolve("shm");
        cluster.withFileSizeLimit(1 << 20).set("shm_dir=" + shm).set("task_worker_num=0")
                .set("tables=small rows=10 key=8 n:long; big rows=100000 key=64 n:long");
        refused(cluster.tryStart(DroverCluster.COUNTER_JAR), "cannot create table big");
        assertEquals(List.of(), tableFiles(shm), "the table made before the one that failed is removed too");
    }

    @Test
    void aBadDeclarationRefusesTheStartNamingTheSetting() throws Exception {
        cluster.set("tables=counters rows=10 key=8 value:integer");
        refused(cluster.tryStart(DroverCluster.COUNTER_JAR), "column value has type 'integer'");
    }

    private void refused(CommandResult result, String expected) throws Exception {
        assertNotEquals(0, result.exitCode(), "start should fail:\n" + result.output());
        assertTrue(result.output().contains(expected), "expected '" + expected + "' in:\n" + result.output());
        cluster.awaitNoProcesses(Deadline.scaled(Duration.ofSeconds(30)));
        assertEquals(List.of(), cluster.ownProcesses());
    }

    private static List<Path> tableFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".table")).toList();
        }
    }
}
