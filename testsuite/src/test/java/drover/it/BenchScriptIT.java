package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * scripts/bench.sh end to end, kept tiny (1 s of load, one respawn): it must run every part against
 * real servers, and leave no process or file behind. Its TMPDIR is this test's temp dir.
 */
@Timeout(300)
class BenchScriptIT {
    @TempDir
    Path tmp;

    private CommandResult bench(List<String> args, Duration timeout) throws Exception {
        List<String> command = new ArrayList<>(List.of(DroverCluster.REPO.resolve("scripts/bench.sh").toString()));
        command.addAll(args);
        Path out = tmp.resolve("bench.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        if (!process.waitFor(Deadline.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("bench.sh did not finish within " + timeout + ": " + Files.readString(out));
        }
        return new CommandResult(process.exitValue(), Files.readString(out));
    }

    /** Every process whose command line names this test's temp dir: the servers bench.sh started. */
    private List<ProcessHandle> leftoverProcesses() {
        String marker = tmp.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    @AfterEach
    void killLeftovers() {
        leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aShortRunMeasuresEveryPartAndLeavesNothingBehind() throws Exception {
        CommandResult result = bench(List.of("--only", "echo,rss,spawn,reload,http", "--sizes", "64", "--duration", "1s",
                "--warmup", "0", "--connections", "4", "--respawns", "1", "--reload-workers", "2"), Duration.ofSeconds(240));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        String summary = out.substring(out.indexOf("== summary"));
        assertTrue(summary.matches("(?s).*echo size=64 connections=4 pipeline=1: \\d+ msgs/s, .* errors 0, server CPU per message reactors [0-9.]+ us, workers [0-9.]+ us\n.*"), summary);
        for (String when : new String[] {"idle at once", "idle 10 s later"}) {
            assertTrue(summary.matches("(?s).*rss " + when + ", 2 workers: manager \\d+ MiB, reactor#0 \\d+ MiB, worker#0 \\d+ MiB,"
                    + " worker#1 \\d+ MiB, total \\d+ MiB( \\(PSS \\d+ MiB\\))?\n.*"), summary);
        }
        assertTrue(summary.matches("(?s).*rss after the echo load: manager \\d+ MiB, reactor#0 \\d+ MiB, worker#0 \\d+ MiB,"
                + " worker#1 \\d+ MiB, total \\d+ MiB( \\(PSS \\d+ MiB\\))?\n.*"), summary);
        assertTrue(summary.matches("(?s).*spawn-to-ready \\(median of 1\\): [0-9.]+ ms.*"), summary);
        assertTrue(summary.matches("(?s).*reload of 2 workers under load: ok in \\d+ ms; load \\d+ msgs/s, .* errors 0 .*"), summary);
        assertTrue(summary.contains("http: "), summary);
        assertTrue(summary.matches("(?s).*spawn-to-ready .*; CPU to ready median [0-9.]+ ms.*"), summary);
        assertTrue(leftoverProcesses().isEmpty(), "bench.sh left processes: " + leftoverProcesses());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("bench.out"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--workers 0|bench.sh: --workers 0 is not a whole number in 1..64",
            "--connections many|bench.sh: --connections many is not a whole number in 1..10000",
            "--duration|bench.sh: --duration needs a value",
            "--only echo,disk|bench.sh: --only: unknown part 'disk' (choose from echo rss spawn reload http baseline climit jmh ws)",
            "--frobnicate|bench.sh: unknown option '--frobnicate'",
            "--app nowhere.jar|bench.sh: --app nowhere.jar: no such file",
            "--suite nope|bench.sh: --suite: unknown suite 'nope' (choose from core tfb)",
            "--suite tfb --only json,disk|bench.sh: --only: unknown part 'disk' of --suite tfb (choose from verify plaintext json db"
                    + " queries fortunes updates)",
            "--suite tfb --levels 16,x|bench.sh: '16,x' is not a comma-separated list of whole numbers (--levels, --queries)",
            "--suite tfb --pool 0|bench.sh: --pool 0 is not a whole number in 1..1000"})
    void aBadOptionIsRefusedBeforeAnythingStarts(String args, String message) throws Exception {
        CommandResult result = bench(List.of(args.split(" ")), Duration.ofSeconds(30));
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains(message), result.output());
    }

    @Test
    void anotherEchoAppIsBenchedWithApp() throws Exception {
        Path faulty = DroverCluster.FAULTY_JAR; // it echoes what it does not understand, from arrays of its own
        CommandResult result = bench(List.of("--only", "echo", "--app", faulty.toString(), "--sizes", "64", "--duration", "1s",
                "--warmup", "0", "--connections", "2"), Duration.ofSeconds(120));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("app: " + faulty), out);
        assertTrue(out.substring(out.indexOf("== summary")).matches("(?s).*echo size=64 connections=2 pipeline=1: \\d+ msgs/s, .* errors 0,.*"), out);
        assertTrue(leftoverProcesses().isEmpty(), "bench.sh left processes: " + leftoverProcesses());
    }

    @Test
    void theHelpListsEveryPart() throws Exception {
        CommandResult result = bench(List.of("--help"), Duration.ofSeconds(30));
        assertEquals(0, result.exitCode());
        assertTrue(result.output().contains("echo rss spawn reload http baseline climit jmh ws"), result.output());
    }

    @Test
    void theCLimitAndABaseModeServerAreMeasuredSideBySide() throws Exception {
        CommandResult result = bench(List.of("--only", "echo,http,climit", "--set", "server_mode=base", "--sizes", "64",
                "--duration", "1s", "--warmup", "0", "--connections", "4"), Duration.ofSeconds(180));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        String summary = out.substring(out.indexOf("== summary"));
        // base mode: no reactor, so all the server's CPU is the workers'
        assertTrue(summary.matches("(?s).*\necho size=64 connections=4 pipeline=1: \\d+ msgs/s, .* errors 0,"
                + " server CPU per message reactors 0.0 us, workers [0-9.]+ us\n.*"), summary);
        assertTrue(summary.matches("(?s).*C limit echo size=64 connections=4 pipeline=1: \\d+ msgs/s, .* errors 0\n.*"), summary);
        assertTrue(summary.matches("(?s).*\nhttp: Requests/sec: [0-9.]+.*"), summary);
        assertTrue(summary.matches("(?s).*C limit http: Requests/sec: [0-9.]+.*"), summary);
        assertTrue(leftoverProcesses().isEmpty(), "bench.sh left processes: " + leftoverProcesses());
    }
}
