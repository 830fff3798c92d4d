package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Drover server for one test: started with scripts/start.sh --daemon from the built jars,
 * in its own temp run dir and on its own port. Teardown always runs: stop.sh, then KILL of every
 * process ever seen (found by the run dir in its command line), then the run dir must hold no
 * socket, pid or settings file.
 */
final class DroverCluster implements AfterEachCallback {
    static final Path REPO = Path.of(System.getProperty("drover.repo", "..")).toAbsolutePath().normalize();
    static final Path ECHO_JAR = REPO.resolve("examples/echo/target/echo.jar");
    static final Path FAULTY_JAR = REPO.resolve("examples/faulty/target/faulty.jar");
    static final Path CHAT_JAR = REPO.resolve("examples/chat/target/chat.jar");
    static final Path HTTP_HELLO_JAR = REPO.resolve("examples/http-hello/target/http-hello.jar");
    static final Path COUNTER_JAR = REPO.resolve("examples/counter/target/counter.jar");
    static final Path TASKS_JAR = REPO.resolve("examples/tasks/target/tasks.jar");
    static final Path SHARED_AOT_CACHE = REPO.resolve("testsuite/target/aot-cache");

    private final int workers;
    private final List<String> extraSettings = new ArrayList<>();
    private final Set<Long> seenPids = new LinkedHashSet<>();
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private Path home;
    private Path runDir;
    private int port;
    private int openFileLimit;
    private long fileSizeLimitKib;
    private String alsoListen;
    private Path scripts = REPO.resolve("scripts");
    private Path workingDirectory;

    private DroverCluster(int workers) {
        this.workers = workers;
    }

    static DroverCluster withWorkers(int workers) {
        return new DroverCluster(workers);
    }

    /**
     * One worker and one reactor thread (so one link carries every payload), taking packets and
     * replies up to 80 MiB, large_payload as given: the large-payload tests' server.
     */
    static DroverCluster forLargePayloads(String largePayload) {
        return withWorkers(1).set("reactor_num=1").set("package_max_length=80M").set("buffer_output_size=80M")
                .set("large_payload=" + largePayload);
    }

    /** An environment variable for the scripts and so for every server process. */
    DroverCluster env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The test's own temp folder (removed at teardown). */
    Path home() throws IOException {
        prepare();
        return home;
    }

    /** Runs the scripts, and so every server process, under ulimit -n limit. */
    DroverCluster withOpenFileLimit(int limit) {
        this.openFileLimit = limit;
        return this;
    }

    /**
     * Runs the scripts, and so every server process, under ulimit -f: a write that would take a file
     * past this many bytes fails with EFBIG (the JVM ignores SIGXFSZ), as on a disk that is full.
     */
    DroverCluster withFileSizeLimit(long bytes) {
        this.fileSizeLimitKib = Math.max(1, bytes / 1024);
        return this;
    }

    /** Listens on this address too, after the cluster's own 127.0.0.1 port. */
    DroverCluster alsoListen(String address) {
        this.alsoListen = address;
        return this;
    }

    /** Runs the scripts in this folder (an unpacked distribution's bin/) from this working directory. */
    DroverCluster usingScripts(Path dir, Path workingDirectory) {
        this.scripts = dir;
        this.workingDirectory = workingDirectory;
        return this;
    }

    DroverCluster set(String keyValue) {
        extraSettings.add(keyValue);
        return this;
    }

    int port() {
        return port;
    }

    Path runDir() {
        return runDir;
    }

    /** Starts the echo app and waits until status shows every process ready. */
    Status start() throws Exception {
        return start(ECHO_JAR);
    }

    Status start(Path appJar) throws Exception {
        CommandResult result = tryStart(appJar);
        assertEquals(0, result.exitCode(), "start.sh --daemon failed:\n" + result.output() + "\nlog:\n" + log());
        return awaitStatus(Status::allReady, "every process ready");
    }

    /** Runs start.sh --daemon and returns how it ended, without asserting. */
    CommandResult tryStart(Path appJar) throws Exception {
        prepare();
        List<String> args = new ArrayList<>(List.of("--daemon",
                "--set", "run_dir=" + runDir,
                "--set", "listen=127.0.0.1:" + port + (alsoListen == null ? "" : "," + alsoListen),
                "--set", "worker_num=" + workers,
                "--set", "reactor_num=2"));
        if (extraSettings.stream().noneMatch(s -> s.startsWith("aot_cache_dir="))) {
            // one AOT cache per set of jars for the whole suite, not a training run per test
            args.addAll(List.of("--set", "aot_cache_dir=" + SHARED_AOT_CACHE));
        }
        for (String s : extraSettings) {
            args.addAll(List.of("--set", s));
        }
        args.add(appJar.toString());
        return script("start.sh", args, Duration.ofSeconds(90));
    }

    private void prepare() throws IOException {
        if (home == null) {
            home = Files.createTempDirectory("drover-it");
            runDir = home.resolve("run");
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
        }
    }

    CommandResult script(String name, List<String> args, Duration timeout) throws Exception {
        prepare();
        List<String> command = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        if (openFileLimit > 0) {
            // ulimit -n sets the soft and the hard limit, so the JVMs cannot raise it (-XX:+MaxFDLimit)
            limits.add("ulimit -n " + openFileLimit);
        }
        if (fileSizeLimitKib > 0) {
            limits.add("ulimit -f " + fileSizeLimitKib); // in KiB blocks
        }
        if (!limits.isEmpty()) {
            command.addAll(List.of("bash", "-c", String.join(" && ", limits) + " && exec \"$0\" \"$@\""));
        }
        command.add(scripts.resolve(name).toString());
        command.addAll(args);
        Path out = home.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(Deadline.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(name + " did not finish within " + timeout + ": " + Files.readString(out));
        }
        return new CommandResult(process.exitValue(), Files.readString(out));
    }

    Status status() throws Exception {
        CommandResult result = script("status.sh", List.of("--json", "--run-dir", runDir.toString()), Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), "status.sh failed: " + result.output());
        Status status = Status.parse(result.output());
        seenPids.add(status.managerPid());
        seenPids.addAll(status.childPids());
        return status;
    }

    /** Polls status until the condition holds; fails at once if the manager is gone. */
    Status awaitStatus(Predicate<Status> condition, String what) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        Status last = null;
        while (System.nanoTime() < deadline) {
            if (!managerAlive()) {
                fail("the manager exited while waiting for: " + what + "\nlog:\n" + log());
            }
            last = status();
            if (condition.test(last)) {
                return last;
            }
        }
        fail("timed out waiting for: " + what + "; last status " + last + "\nlog:\n" + log());
        return null;
    }

    long managerPid() throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("manager.pid")).trim());
    }

    boolean managerAlive() {
        try {
            return ProcessHandle.of(managerPid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Sends a signal with kill(1): ProcessHandle can only send TERM and KILL. */
    void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid + " failed");
    }

    /** Every live process whose command line names this cluster's run dir (manager and children). */
    List<ProcessHandle> ownProcesses() {
        if (runDir == null) {
            return List.of();
        }
        String marker = runDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /**
     * The server's JVMs besides a training run of the workers' AOT cache, which the manager may have
     * going in the background when the jars are new to the cache directory.
     */
    List<ProcessHandle> serverJvms() {
        return ownProcesses().stream()
                .filter(p -> !p.info().commandLine().map(c -> c.contains("drover.worker.AotTraining")).orElse(false))
                .toList();
    }

    /** Waits (up to 30 s) until the process has exited. */
    void awaitProcessGone(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            if (p.onExit().completeOnTimeout(null, Deadline.scaled(Duration.ofSeconds(30)).toMillis(),
                    TimeUnit.MILLISECONDS).join() == null) {
                fail("pid " + pid + " still running");
            }
        });
    }

    /** Waits until no process of this cluster is left. */
    void awaitNoProcesses(Duration timeout) {
        long deadline = Deadline.nanosFromNow(timeout);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> left = ownProcesses();
            if (left.isEmpty()) {
                return;
            }
            left.getFirst().onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
        fail("processes still running after " + timeout + ": " + ownProcesses().stream().map(ProcessHandle::pid).toList());
    }

    /** Waits until the server's log satisfies the condition; fails at the deadline with the log. */
    String awaitLog(Predicate<String> condition, String what) {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(60));
        while (System.nanoTime() < deadline) {
            String log = log();
            if (condition.test(log)) {
                return log;
            }
            // a poll interval, not synchronisation: the condition above is what is awaited
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        fail("timed out waiting for the log to show: " + what + "\nlog:\n" + log());
        return null;
    }

    /** Graceful stop now (stop.sh); after it the log holds everything the processes will ever write. */
    void stop() throws Exception {
        CommandResult result = script("stop.sh", List.of("--run-dir", runDir.toString(), "--timeout", "30"),
                Duration.ofSeconds(60));
        assertEquals(0, result.exitCode(), "stop.sh failed: " + result.output());
    }

    /**
     * Waits until the log contains the text and returns the log. A child's lines reach the log through
     * the manager's pipe, so they can land a moment after what the test observed over TCP.
     */
    String awaitLog(String part) {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(20));
        String text = log();
        while (!text.contains(part)) {
            if (System.nanoTime() > deadline) {
                fail("the log never said '" + part + "':\n" + text);
            }
            Thread.onSpinWait();
            text = log();
        }
        return text;
    }

    String log() {
        try {
            Path log = runDir == null ? null : runDir.resolve("drover.log");
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Files the server left in its run dir, other than its log and its lock file. */
    List<String> leftovers() throws IOException {
        if (runDir == null || !Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            // the log, and the lock a manager takes on its run dir (kept between runs, docs/OPERATIONS.md)
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("drover.log") && !n.equals("manager.lock")).toList();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (home == null) {
            return;
        }
        try {
            if (managerAlive()) {
                script("stop.sh", List.of("--run-dir", runDir.toString(), "--timeout", "30"), Duration.ofSeconds(60));
            }
        } finally {
            for (long pid : seenPids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            ownProcesses().forEach(ProcessHandle::destroyForcibly);
            List<String> left;
            try {
                awaitNoProcesses(Duration.ofSeconds(10));
                left = leftovers();
            } finally {
                // even when a process outlived its kill: large_payload=shm is the default, and a server
                // killed before its stop leaves its shm_dir (and maybe rings) behind
                ShmQueues.deleteIfLeft(ShmQueues.defaultShmDir(this));
                deleteTree(home);
            }
            assertTrue(left.isEmpty(), "the server left files in its run dir: " + left);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
