package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run dir belongs to one manager: a run dir of another user is refused, two starts on one run
 * dir leave exactly one server, intact, and the scripts signal only the manager of the run dir.
 */
@Timeout(300)
class RunDirSafetyIT {
    private static final Pattern STARTED_PID = Pattern.compile("started, manager pid (\\d+)");

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @Test
    void stopAndReloadSignalNothingWhenManagerPidNamesAStranger() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            Path runDir = cluster.home().resolve("stranger-run");
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("manager.pid"), stranger.pid() + "\n");
            List<List<String>> calls = List.of(List.of("stop.sh", "--timeout", "5"), List.of("reload.sh"),
                    List.of("reload.sh", "--tasks"), List.of("reload.sh", "--wait"));
            for (List<String> call : calls) {
                List<String> args = new ArrayList<>(call.subList(1, call.size()));
                args.addAll(List.of("--run-dir", runDir.toString()));
                CommandResult result = cluster.script(call.getFirst(), args, Duration.ofSeconds(30));
                assertNotEquals(0, result.exitCode(), call + " must fail:\n" + result.output());
                assertTrue(result.output().contains("pid " + stranger.pid() + " (from " + runDir.resolve("manager.pid")
                        + ") is not the Drover manager of " + runDir), call + " must say why:\n" + result.output());
                assertTrue(result.output().contains("nothing signalled"), result.output());
                assertTrue(stranger.isAlive(), call + " signalled the stranger");
            }
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunDirOwnedByAnotherUserIsRefusedAndKeepsItsMode() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder to another user");
        Path runDir = cluster.home().resolve("run");
        Files.createDirectories(runDir);
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(runDir, "unix:uid", 65534); // nobody
        CommandResult result = cluster.tryStart(DroverCluster.ECHO_JAR);
        assertEquals(2, result.exitCode(), "BAD_CONFIG:\n" + result.output());
        assertTrue(result.output().contains("run_dir " + runDir + " belongs to user"), result.output());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir)));
        assertEquals(List.of(), cluster.ownProcesses());
        Files.setAttribute(runDir, "unix:uid", 0);
    }

    @Test
    void twoStartsOnOneRunDirAtOnceLeaveExactlyOneServerIntact() throws Exception {
        Path runDir = cluster.home().resolve("run");
        int otherPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            otherPort = probe.getLocalPort();
        }
        Process first = startInBackground(runDir, cluster.port(), "first");
        Process second = startInBackground(runDir, otherPort, "second");
        assertTrue(first.waitFor(Deadline.scaled(Duration.ofSeconds(90)).toMillis(), TimeUnit.MILLISECONDS), "first start hung");
        assertTrue(second.waitFor(Deadline.scaled(Duration.ofSeconds(90)).toMillis(), TimeUnit.MILLISECONDS), "second start hung");
        String firstOut = Files.readString(cluster.home().resolve("first.out"));
        String secondOut = Files.readString(cluster.home().resolve("second.out"));
        String both = "first (exit " + first.exitValue() + "):\n" + firstOut + "\nsecond (exit " + second.exitValue() + "):\n" + secondOut;
        assertEquals(1, (first.exitValue() == 0 ? 1 : 0) + (second.exitValue() == 0 ? 1 : 0), "exactly one start wins:\n" + both);
        boolean firstWon = first.exitValue() == 0;
        String winner = firstWon ? firstOut : secondOut;
        Process loser = firstWon ? second : first;
        String loserOut = firstWon ? secondOut : firstOut;
        assertEquals(5, loser.exitValue(), "ALREADY_RUNNING:\n" + both);
        assertTrue(loserOut.contains(runDir.resolve("manager.lock").toString()), "the loser names the lock:\n" + both);

        Matcher pid = STARTED_PID.matcher(winner);
        assertTrue(pid.find(), winner);
        Status status = cluster.awaitStatus(Status::allReady, "the winner serves");
        assertEquals(Long.parseLong(pid.group(1)), status.managerPid(), "the winner's pid is the one it printed:\n" + both);
        assertTrue(Files.exists(runDir.resolve("settings.properties")) && Files.exists(runDir.resolve("manager.sock")),
                "the winner's files are there: " + cluster.leftovers());
        try (EchoClient client = new EchoClient(firstWon ? cluster.port() : otherPort)) {
            client.echo("still one server".getBytes());
        }
    }

    @Test
    void aManagerWhosePidFileWasOverwrittenStillHoldsItsRunDir() throws Exception {
        Status running = cluster.start();
        Path pidFile = cluster.runDir().resolve("manager.pid");
        String original = Files.readString(pidFile);
        Files.writeString(pidFile, "1\n"); // alive, but no Drover manager: the pid file alone says nobody runs here
        try {
            CommandResult second = cluster.tryStart(DroverCluster.ECHO_JAR);
            assertEquals(5, second.exitCode(), "ALREADY_RUNNING:\n" + second.output());
            assertTrue(second.output().contains("a manager (pid " + running.managerPid() + ") already runs in " + cluster.runDir()
                    + ": it holds the lock on " + cluster.runDir().resolve("manager.lock")), "names the lock's holder:\n" + second.output());
        } finally {
            Files.writeString(pidFile, original);
        }
        assertTrue(Files.exists(cluster.runDir().resolve("settings.properties")), "settings kept: " + cluster.leftovers());
        assertEquals(running.managerPid(), cluster.status().managerPid(), "the first server still answers on its socket");
    }

    private Process startInBackground(Path runDir, int port, String name) throws Exception {
        List<String> command = List.of(DroverCluster.REPO.resolve("scripts/start.sh").toString(), "--daemon",
                "--set", "run_dir=" + runDir, "--set", "listen=127.0.0.1:" + port, "--set", "worker_num=1",
                "--set", "reactor_num=1", "--set", "aot_cache_dir=" + DroverCluster.SHARED_AOT_CACHE,
                DroverCluster.ECHO_JAR.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(cluster.home().resolve(name + ".out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }
}
