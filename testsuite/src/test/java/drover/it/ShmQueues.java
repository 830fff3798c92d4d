package drover.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a server leaves in its shm_dir (large_payload=chronicle's queues, shm's rings), for the tests that look at it. */
final class ShmQueues {
    private ShmQueues() {
    }

    /** The default shm_dir of a cluster's server: /dev/shm/drover-<tag>, the tag from its run dir. */
    static Path defaultShmDir(DroverCluster cluster) throws Exception {
        cluster.home(); // makes the run dir's name
        return defaultShmDir(cluster.runDir());
    }

    /** The default shm_dir of the server whose run dir this is (or was). */
    static Path defaultShmDir(Path runDir) throws Exception {
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty("run_dir", runDir.toString());
        return drover.common.config.DroverConfig.fromProperties(settings, "test").shmDir();
    }

    /**
     * The default shm_dirs of the servers these processes belong to, read from their command lines
     * ({@code --run-dir DIR} of a child, {@code run_dir=DIR} of a manager): for tests whose scripts
     * choose the run dirs, so that what a killed server leaves can still be found and removed.
     */
    static List<Path> defaultShmDirsOf(List<ProcessHandle> processes) throws Exception {
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
        for (ProcessHandle process : processes) {
            String[] args = process.info().arguments().orElse(new String[0]);
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--run-dir") && i + 1 < args.length) {
                    dirs.add(defaultShmDir(Path.of(args[i + 1])));
                } else if (args[i].startsWith("run_dir=")) {
                    dirs.add(defaultShmDir(Path.of(args[i].substring("run_dir=".length()))));
                }
            }
        }
        return List.copyOf(dirs);
    }

    /** Kills the processes, waits until they are gone, then removes the shm_dirs their servers left. */
    static void killAndSweep(List<ProcessHandle> processes) throws Exception {
        List<Path> shmDirs = defaultShmDirsOf(processes);
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().completeOnTimeout(null, 10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        for (Path dir : shmDirs) {
            deleteIfLeft(dir);
        }
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
