package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball dist/ builds, unpacked into a folder outside the source tree, serves the echo example
 * with its own bin/ scripts and jars, started, reloaded and stopped from another working directory.
 */
@Timeout(240)
class DistributionIT {
    private static final Path DIST = DroverCluster.REPO.resolve("dist/target");

    // no AOT training run: this test is about where things are, and a cache for other jars costs CPU
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("aot_cache=false");

    @TempDir
    Path temp;

    @Test
    void unpackedTarballStartsReloadsAndStopsTheEchoExampleFromAnotherDirectory() throws Exception {
        Path home = unpack(tarball(), Files.createDirectories(temp.resolve("opt")));
        for (String file : List.of("bin/start.sh", "bin/stop.sh", "bin/reload.sh", "bin/status.sh", "bin/lib/java.sh")) {
            assertTrue(Files.isExecutable(home.resolve(file)), file);
        }
        for (String file : List.of("lib/manager/drover-manager.jar", "lib/reactor/drover-reactor.jar",
                "lib/worker/drover-worker.jar", "lib/chronicle/drover-chronicle.jar", "lib/api/drover-api.jar",
                "examples/echo.jar", "examples/http-hello.jar", "docs/CONFIGURATION.md", "README.md", "LICENSE",
                "systemd/drover.service", "logrotate/drover")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.readString(home.resolve("conf/drover.properties")).contains("\n#worker_jvm_options=\n"),
                "conf/drover.properties lists every setting");

        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        cluster.usingScripts(home.resolve("bin"), elsewhere);
        Status status = cluster.start(home.resolve("examples/echo.jar"));
        String reactor = ProcessHandle.of(status.reactorPid()).orElseThrow().info().commandLine().orElseThrow();
        assertTrue(reactor.contains(home.resolve("lib/reactor") + "/*"), "the reactor runs from the tarball's jars: " + reactor);
        echoOnce(1);

        long before = status.workerPid(0);
        CommandResult reload = cluster.script("reload.sh", List.of("--wait", "--run-dir", cluster.runDir().toString()),
                Duration.ofSeconds(120));
        assertEquals(0, reload.exitCode(), "reload.sh --wait: " + reload.output());
        Status after = cluster.awaitStatus(s -> s.allReady() && s.workerPid(0) != before, "worker#0 replaced");
        assertTrue(after.workerPid(0) != before);
        echoOnce(2);

        cluster.stop();
        cluster.awaitNoProcesses(Duration.ofSeconds(30));
    }

    private void echoOnce(long seed) throws Exception {
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(100, seed));
        }
    }

    private static Path tarball() throws Exception {
        try (Stream<Path> files = Files.list(DIST)) {
            List<Path> tarballs = files.filter(f -> f.getFileName().toString().matches("drover-.*\\.tar\\.gz")).toList();
            assertEquals(1, tarballs.size(), "one drover-<version>.tar.gz in dist/target (build with package): " + tarballs);
            return tarballs.getFirst();
        }
    }

    /** Unpacks with tar(1), as an operator would, and returns the drover-<version> folder it made. */
    private static Path unpack(Path tarball, Path into) throws Exception {
        Path output = into.resolveSibling("tar.out");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish");
        } finally {
            tar.destroyForcibly();
        }
        assertEquals(0, tar.exitValue(), "tar -xzf " + tarball + ": " + Files.readString(output));
        String name = tarball.getFileName().toString().replace(".tar.gz", "");
        Path home = into.resolve(name);
        assertTrue(Files.isDirectory(home), "the tarball holds " + name + "/");
        return home;
    }
}
