package drover.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 6 extension that runs a real Drover server for a test class: the manager, reactor and
 * worker JVMs, started from the app under test before the first test and stopped after the last.
 * The app comes from {@code target/classes} (packed into a jar, so {@code mvn test} needs no
 * package step) or from a jar; it listens on a free port of 127.0.0.1, with one worker by default.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DroverServer server = DroverServer.fromClasses().set("worker_num", "2");
 *
 * @Test
 * void greets() throws IOException {
 *     try (Socket socket = new Socket(server.host(), server.port())) { ... }
 * }
 * }</pre>
 *
 * Everything the server writes (run directory, log, app jar) lives in one temporary folder, removed
 * after the stop; a server that does not stop in time is killed, with every process it started.
 */
public final class DroverServer implements BeforeAllCallback, AfterAllCallback {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path classes;
    private final Path jar;
    private final List<String> settings = new ArrayList<>(List.of("worker_num=1", "aot_cache=false"));
    private Path folder;
    private Path runDir;
    private int port;

    private DroverServer(Path classes, Path jar) {
        this.classes = classes;
        this.jar = jar;
    }

    /** The app under test as Maven compiled it: {@code target/classes} of the current directory. */
    public static DroverServer fromClasses() {
        return fromClasses(Path.of("target", "classes"));
    }

    /** The app's compiled classes and resources (its services file, its drover.properties) in this folder. */
    public static DroverServer fromClasses(Path classesFolder) {
        return new DroverServer(classesFolder.toAbsolutePath(), null);
    }

    /** The app as a jar, e.g. one that carries its dependencies. */
    public static DroverServer fromJar(Path appJar) {
        return new DroverServer(null, appJar.toAbsolutePath());
    }

    /**
     * A setting, as {@code --set key=value} (docs/CONFIGURATION.md); it wins over the app's own
     * drover.properties. listen and run_dir are the extension's.
     */
    public DroverServer set(String key, String value) {
        if (key.equals("listen") || key.equals("run_dir")) {
            throw new IllegalArgumentException(key + " is chosen by DroverServer: use host() and port()");
        }
        settings.add(key + "=" + value);
        return this;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The port the server listens on; known once the test class has started. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("the server is not started: register it with @RegisterExtension on a static field");
        }
        return port;
    }

    /** The server's log so far (every process writes to it). */
    public String log() {
        try {
            Path log = runDir == null ? null : runDir.resolve("drover.log");
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("drover-test");
        runDir = folder.resolve("run");
        Path home = HomeLayout.create(folder.resolve("home"));
        Path app = jar != null ? jar : JarPacker.pack(classes, folder.resolve("app.jar"));
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("start", "--daemon", "--set", "run_dir=" + runDir,
                "--set", "listen=" + host() + ":" + port));
        settings.forEach(s -> args.addAll(List.of("--set", s)));
        args.add(app.toString());
        String failure = runManager(home, args, START_TIMEOUT);
        if (failure != null) {
            String log = log();
            IllegalStateException notStarted = new IllegalStateException("the Drover server did not start: " + failure
                    + "\nlog:\n" + log);
            try {
                afterAll(context);
            } catch (Exception | AssertionError cleanup) {
                notStarted.addSuppressed(cleanup);
            }
            throw notStarted;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (folder == null) {
            return;
        }
        try {
            stopGracefully();
        } finally {
            killLeftovers();
            deleteTree(folder);
            folder = null;
            port = 0;
        }
    }

    /**
     * Asks the manager to stop (drover stop returns once the request is taken) and waits for it to
     * exit: it removes its shared memory and run dir files on the way out, which a kill would leave.
     */
    private void stopGracefully() throws IOException, InterruptedException {
        Path pidFile = runDir.resolve("manager.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> manager = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        String failure = runManager(folder.resolve("home"), List.of("stop", "--run-dir", runDir.toString()), STOP_TIMEOUT);
        if (failure != null) {
            throw new IllegalStateException("the Drover server did not take the stop (it is killed): " + failure);
        }
        if (manager.isPresent() && manager.get().onExit()
                .completeOnTimeout(null, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join() == null) {
            throw new IllegalStateException("the Drover server did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s (it is killed)\nlog:\n" + log());
        }
    }

    /** Runs the drover CLI as bin/start.sh does; null when it exits 0, else what it said. */
    private static String runManager(Path home, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-Ddrover.home=" + home,
                "-cp", home.resolve("lib").resolve("manager") + "/*", "drover.manager.ManagerMain"));
        command.addAll(args);
        Path output = Files.createTempFile(home, "cli", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return "drover " + args.getFirst() + " did not finish within " + timeout.toSeconds() + " s";
            }
            return process.exitValue() == 0 ? null
                    : "drover " + args.getFirst() + " exited " + process.exitValue() + ": " + Files.readString(output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Every process whose command line names this server's folder: a manager that did not stop, its children. */
    private void killLeftovers() {
        String marker = folder.toString();
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : left) {
            process.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
