package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * deploy/haproxy/fleet.sh run by a test: started in the test's temp dir (TMPDIR), its ports and files
 * read from its output, HAProxy's runtime API (stats socket) asked for a server's status, and every
 * process whose command line names the temp dir killed on close.
 */
final class HaproxyFleet implements AutoCloseable {
    private final Path tmp;
    private final Path out;
    private final Process process;
    final int httpPort;
    final int tcpPort;
    final int basePort;

    private HaproxyFleet(Path tmp, Path out, Process process, int[] ports) {
        this.tmp = tmp;
        this.out = out;
        this.process = process;
        this.httpPort = ports[0];
        this.tcpPort = ports[1];
        this.basePort = ports[2];
    }

    /** Starts fleet.sh with these extra options and waits for "fleet: ready". */
    static HaproxyFleet start(Path tmp, String... options) throws Exception {
        int[] ports = {FreePorts.one(), FreePorts.one(), FreePorts.sixInARow()};
        List<String> command = new ArrayList<>(List.of(DroverCluster.REPO.resolve("deploy/haproxy/fleet.sh").toString(),
                "--no-install", "--http-port", String.valueOf(ports[0]), "--tcp-port", String.valueOf(ports[1]),
                "--base-port", String.valueOf(ports[2])));
        command.addAll(Arrays.asList(options));
        Path out = tmp.resolve("fleet.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", tmp.toString());
        HaproxyFleet fleet = new HaproxyFleet(tmp, out, builder.start(), ports);
        try {
            fleet.awaitOutput("fleet: ready", Duration.ofSeconds(120));
        } catch (Throwable e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(out);
    }

    /** fleet.sh's own directory: run dirs drover1..3, logs, start and restart scripts. */
    Path workDir() throws IOException {
        String logs = outputValue("logs in ");
        return Path.of(logs.endsWith(",") ? logs.substring(0, logs.length() - 1) : logs);
    }

    /** The pid in instance n's manager.pid. */
    long managerPid(int n) throws IOException {
        return Long.parseLong(Files.readString(workDir().resolve("drover" + n).resolve("manager.pid")).trim());
    }

    /** Runs a script of fleet.sh's work dir (restart.sh, startN.sh) with these arguments; fails unless it exits 0. */
    void runScript(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(workDir().resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        Path log = tmp.resolve(script + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process run = builder.start();
        assertTrue(run.waitFor(Deadline.scaled(Duration.ofSeconds(120)).toMillis(), TimeUnit.MILLISECONDS),
                script + " did not finish: " + Files.readString(log));
        assertTrue(run.exitValue() == 0, script + " " + command + " exited " + run.exitValue() + ": " + Files.readString(log));
        Files.delete(log);
    }

    /** One command to HAProxy's runtime API; its answer, trimmed (empty when a set command succeeds). */
    String runtimeApi(String command) throws IOException {
        Path socket = Path.of(outputValue("HAProxy's runtime API on "));
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput();
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    /** A column of HAProxy's "show stat" for that proxy and server (FRONTEND, BACKEND or a server name). */
    String stat(String proxy, String server, String column) throws IOException {
        String[] lines = runtimeApi("show stat").split("\n");
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(",", -1));
        int index = header.indexOf(column);
        assertTrue(index >= 0, "no column " + column + " in " + lines[0]);
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > index && fields[0].equals(proxy) && fields[1].equals(server)) {
                return fields[index];
            }
        }
        throw new AssertionError("no " + proxy + "/" + server + " in HAProxy's stats: " + String.join("\n", lines));
    }

    /** Waits until that server's status (UP, DOWN, "DOWN 1/2", MAINT...) matches; returns how long it took. */
    Duration awaitStatus(String backend, String server, Predicate<String> wanted, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = Deadline.nanosFromNow(timeout);
        String status;
        while (!wanted.test(status = stat(backend, server, "status"))) {
            if (System.nanoTime() - deadline > 0) {
                fail(backend + "/" + server + " still " + status + " after " + timeout);
            }
            process.waitFor(20, TimeUnit.MILLISECONDS); // a poll interval that ends early if fleet.sh exits
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** What follows {@code prefix} on its line of fleet.sh's output, up to the next space. */
    String outputValue(String prefix) throws IOException {
        String text = output();
        int start = text.indexOf(prefix) + prefix.length();
        assertTrue(start >= prefix.length(), "no '" + prefix + "' in: " + text);
        return text.substring(start, text.indexOf(' ', start));
    }

    private void awaitOutput(String line, Duration timeout) throws Exception {
        long deadline = Deadline.nanosFromNow(timeout);
        while (!output().contains(line)) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                fail("no '" + line + "' from fleet.sh (alive: " + process.isAlive() + "): " + output());
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // a poll interval that ends early if fleet.sh exits
        }
    }

    /** Every process whose command line names the test's temp dir: the instances and HAProxy. */
    List<ProcessHandle> leftoverProcesses() {
        String marker = tmp.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
    }
}
