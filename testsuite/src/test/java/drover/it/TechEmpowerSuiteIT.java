package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench.sh --suite tfb against a real PostgreSQL: the cluster it makes, examples/techempower
 * on Drover, and TFB's checks of every test type; and that the cluster, the server and every file
 * are gone afterwards, whether the run passed, failed or was interrupted. Skipped, saying so, where
 * PostgreSQL's programs are not installed. Its TMPDIR is this test's temp dir. The servers run
 * without the workers' AOT cache: its training run would only add CPU to a short test.
 */
@Timeout(300)
class TechEmpowerSuiteIT {
    @TempDir
    Path tmp;

    @BeforeEach
    void needPostgres() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql"); // Debian keeps the real programs out of PATH
        boolean installed;
        try (Stream<Path> versions = Files.isDirectory(debian) ? Files.list(debian) : Stream.empty()) {
            installed = versions.anyMatch(version -> hasPostgres(version.resolve("bin")));
        }
        installed |= Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && hasPostgres(Path.of(dir)));
        Assumptions.assumeTrue(installed,
                "skipped: PostgreSQL's programs (postgres, initdb) are not installed (apt-get install postgresql)");
        // Run as root, the script runs PostgreSQL as the postgres user (it refuses root), who must reach this folder.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean hasPostgres(Path dir) {
        return Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"));
    }

    private Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(DroverCluster.REPO.resolve("scripts/bench.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out().toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", tmp.toString());
        return builder.start();
    }

    private Path out() {
        return tmp.resolve("bench.out");
    }

    private CommandResult finish(Process process, Duration timeout) throws Exception {
        if (!process.waitFor(Deadline.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("bench.sh did not finish within " + timeout + ": " + Files.readString(out()));
        }
        return new CommandResult(process.exitValue(), Files.readString(out()));
    }

    /** Every process whose command line names this test's temp dir: Drover's and PostgreSQL's (-k DIR). */
    private List<ProcessHandle> leftoverProcesses() {
        String marker = tmp.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    @AfterEach
    void killLeftovers() throws Exception {
        ShmQueues.killAndSweep(leftoverProcesses()); // a failed test kills the server before it removes its shm_dir
    }

    private void assertNothingLeft() throws IOException {
        assertTrue(leftoverProcesses().isEmpty(), "bench.sh left processes: " + leftoverProcesses());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("bench.out"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void everyTestTypePassesTheVerifierAgainstARealDatabase() throws Exception {
        CommandResult result = finish(start(List.of("--set", "aot_cache=false", "--suite", "tfb", "--only", "verify",
                "--workers", "1", "--pool", "4")), Duration.ofSeconds(180));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.matches("(?s).*World 10000 rows, Fortune 12 rows.*"), out);
        for (String check : List.of("plaintext: 16 GET /plaintext pipelined in one write", "json: GET /json", "db: 5 x GET /db",
                "queries: GET /queries?queries=501 (500 rows)", "queries: GET /queries?queries=foo (1 rows)",
                "fortunes: GET /fortunes", "updates: GET /updates?queries=0 (1 rows, written)")) {
            assertTrue(out.contains("tfb verify: PASS " + check), check + " in:\n" + out);
        }
        assertTrue(out.contains("tfb verify: all 15 checks passed"), out);
        assertTrue(out.substring(out.indexOf("== summary")).contains("tfb verify: every test type passed"), out);
        assertNothingLeft();
    }

    @Test
    void aServerThatCannotStartFailsTheRunAndStillStopsTheDatabase() throws Exception {
        // open_http_protocol=false asks the jar for a packet app, which it does not have: start.sh refuses it
        CommandResult result = finish(start(List.of("--set", "aot_cache=false", "--suite", "tfb", "--only", "verify",
                "--workers", "1", "--pool", "2", "--set", "open_http_protocol=false")), Duration.ofSeconds(180));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("bench.sh: the server did not start"), result.output());
        assertTrue(result.output().contains("World 10000 rows"), "the database had started: " + result.output());
        assertNothingLeft();
    }

    @Test
    void anInterruptedRunStopsTheServerAndTheDatabase() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")),
                "skipped: wrk is not installed (apt-get install wrk)");
        Process process = start(List.of("--set", "aot_cache=false", "--suite", "tfb", "--only", "json", "--workers", "1",
                "--pool", "2", "--levels", "4", "--warmup", "0", "--duration", "120s"));
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(120));
        // wrk's own output comes only at its end (not a terminal): wait for wrk itself to be running
        while (!Files.readString(out()).contains("== tfb json") || process.descendants()
                .noneMatch(p -> p.info().command().map(c -> c.endsWith("/wrk")).orElse(false))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("the timed run never started: " + Files.readString(out()));
            }
            // a poll interval, not synchronisation: the output above is what is awaited
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        List<Path> shmDirs = ShmQueues.defaultShmDirsOf(leftoverProcesses()); // the server's, made at its start
        assertFalse(shmDirs.isEmpty(), "no server process names its run dir: " + leftoverProcesses());
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        CommandResult result = finish(process, Duration.ofSeconds(60));
        assertEquals(130, result.exitCode(), result.output());
        assertNothingLeft();
        for (Path shmDir : shmDirs) {
            assertFalse(Files.exists(shmDir), "the interrupted run's server left " + shmDir);
        }
    }
}
