package drover.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What large_payload=chronicle leaves in a shm_dir, for the tests that look at it. */
final class ShmQueues {
    private ShmQueues() {
    }

    /** The default shm_dir of a cluster's server: /dev/shm/drover-<tag>, the tag from its run dir. */
    static Path defaultShmDir(DroverCluster cluster) throws Exception {
        cluster.home(); // makes the run dir's name
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty("run_dir", cluster.runDir().toString());
        return drover.common.config.DroverConfig.fromProperties(settings, "test").shmDir();
    }

    /** Chronicle's cycle files (.cq4) anywhere under shm_dir; none when it does not exist. */
    static List<Path> cycleFiles(Path shm) throws IOException {
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(shm)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
        }
    }

    /** A failed test must not leave its queues in /dev/shm either (stop sweeps them; this is the backstop). */
    static void deleteIfLeft(Path shm) throws IOException {
        if (Files.exists(shm)) {
            try (Stream<Path> s = Files.walk(shm)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
