package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * worker_jvm_options (here from --set) and reactor_jvm_options (here from the environment,
 * DROVER_REACTOR_JVM_OPTIONS) reach the JVMs of their own role only, after Drover's flags.
 */
@Timeout(180)
class JvmOptionsIT {
    private static final String APP = """
            package flags;

            import drover.worker.api.DroverApp;
            import drover.worker.api.Server;
            import java.nio.charset.StandardCharsets;

            public final class FlagApp implements DroverApp {
                @Override
                public void onReceive(Server server, long sessionId, byte[] line) {
                    String answer = "W" + server.workerId() + " flag=" + System.getProperty("app.flag")
                            + " reactorFlag=" + System.getProperty("reactor.flag") + " max=" + Runtime.getRuntime().maxMemory() + "\\n";
                    server.send(sessionId, answer.getBytes(StandardCharsets.UTF_8));
                }
            }
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2)
            .set("open_eof_split=true").set("package_eof=\\n")
            .set("worker_jvm_options=-Xmx64m -Dapp.flag=on")
            .env("DROVER_REACTOR_JVM_OPTIONS", "-Dreactor.flag=on")
            .env("DROVER_WORKER_NUMS", "4"); // a misspelt setting: warned about, ignored

    @TempDir
    Path temp;

    @Test
    void workerOptionsReachEveryWorkerAfterDroversFlagsAndNotTheReactor() throws Exception {
        Path jar = CompiledAppJar.build(temp, "flags", Map.of("flags/FlagApp.java", APP),
                Map.of("META-INF/services/drover.worker.api.DroverApp", "flags.FlagApp\n"), null);
        CommandResult start = cluster.tryStart(jar);
        assertEquals(0, start.exitCode(), start.output());
        assertTrue(start.output().contains("drover: warning: environment variable DROVER_WORKER_NUMS names no setting"),
                start.output());
        Status status = cluster.awaitStatus(Status::allReady, "every process ready");
        assertEquals(2, status.workerCount(), "DROVER_WORKER_NUMS is not DROVER_WORKER_NUM");

        for (int worker = 0; worker < 2; worker++) {
            List<String> args = commandLine(status.workerPid(worker));
            assertTrue(args.contains("-Dapp.flag=on"), "worker#" + worker + ": " + args);
            assertEquals("-Xmx64m", lastHeapMax(args), "the operator's -Xmx comes after Drover's: " + args);
            assertFalse(args.contains("-Dreactor.flag=on"), "worker#" + worker + ": " + args);
        }
        List<String> reactor = commandLine(status.reactorPid());
        assertFalse(reactor.contains("-Dapp.flag=on"), "reactor: " + reactor);
        assertFalse(reactor.contains("-Xmx64m"), "reactor: " + reactor);
        assertTrue(reactor.contains("-Dreactor.flag=on"), "DROVER_REACTOR_JVM_OPTIONS reaches the reactor: " + reactor);

        Map<String, String> answers = answersFromEveryWorker();
        for (String answer : answers.values()) {
            assertTrue(answer.contains(" flag=on reactorFlag=null "), "the app sees the property: " + answer);
            long max = Long.parseLong(answer.substring(answer.indexOf("max=") + 4));
            assertTrue(max <= 64L << 20, "the app's heap is bounded by -Xmx64m: " + answer);
        }
    }

    /** Opens connections until both workers have answered (dispatch_mode 2 picks one per session). */
    private Map<String, String> answersFromEveryWorker() throws IOException {
        Map<String, String> byWorker = new TreeMap<>();
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        while (byWorker.size() < 2 && System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", cluster.port())) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write("which\n".getBytes(StandardCharsets.UTF_8));
                String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertTrue(answer != null && answer.startsWith("W"), "answer: " + answer);
                byWorker.put(answer.substring(0, answer.indexOf(' ')), answer);
            }
        }
        assertEquals(List.of("W0", "W1"), List.copyOf(byWorker.keySet()), "answers: " + byWorker);
        return byWorker;
    }

    private static List<String> commandLine(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
    }

    private static String lastHeapMax(List<String> args) {
        return args.stream().filter(a -> a.startsWith("-Xmx")).reduce((first, second) -> second).orElse("none");
    }
}
