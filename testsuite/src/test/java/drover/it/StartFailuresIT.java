package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** start.sh --daemon refuses with a clear message and a non-zero exit, and leaves nothing running. */
@Timeout(300)
class StartFailuresIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    @Test
    void missingJarIsRefused() throws Exception {
        refused(cluster.tryStart(temp.resolve("nope.jar")), "app jar not found");
    }

    @Test
    void jarWithoutAnAppIsRefused() throws Exception {
        Path jar = temp.resolve("empty.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("no app here".getBytes());
        }
        refused(cluster.tryStart(jar), "no Drover app in");
    }

    @Test
    void httpProtocolWithOnlyAPacketAppIsRefused() throws Exception {
        cluster.set("open_http_protocol=true").set("open_length_check=false");
        refused(cluster.tryStart(DroverCluster.ECHO_JAR), "open_http_protocol is true but");
    }

    @Test
    void httpAppWithoutTheHttpProtocolIsRefused() throws Exception {
        cluster.set("open_http_protocol=false");
        refused(cluster.tryStart(DroverCluster.HTTP_HELLO_JAR), "holds an HTTP app but open_http_protocol is false");
    }

    @Test
    void httpWithADispatchModeThatSpreadsAConnectionIsRefused() throws Exception {
        cluster.set("dispatch_mode=1");
        refused(cluster.tryStart(DroverCluster.HTTP_HELLO_JAR), "expected dispatch_mode 2, 4 or 5");
    }

    @Test
    void badSettingValueIsRefusedNamingTheKey() throws Exception {
        cluster.set("worker_num=many");
        refused(cluster.tryStart(DroverCluster.ECHO_JAR), "worker_num");
    }

    @Test
    void unknownSettingIsRefusedNamingTheKey() throws Exception {
        cluster.set("wrker_num=2");
        refused(cluster.tryStart(DroverCluster.ECHO_JAR), "wrker_num");
    }

    @Test
    void portInUseIsRefusedAndNothingIsLeftRunning() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            cluster.set("listen=127.0.0.1:" + squatter.getLocalPort()); // wins over the cluster's own port
            CommandResult result = cluster.tryStart(DroverCluster.ECHO_JAR);
            refused(result, "cannot listen on 127.0.0.1:" + squatter.getLocalPort());
            assertTrue(result.output().toLowerCase().contains("address already in use"), result.output());
            assertEquals(4, result.exitCode(), "LISTEN_FAILED");
        }
        assertEquals(List.of(), cluster.ownProcesses());
        assertEquals(List.of(), cluster.leftovers());
    }

    @Test
    void secondServerInTheSameRunDirIsRefused() throws Exception {
        Status running = cluster.start();
        CommandResult second = cluster.tryStart(DroverCluster.ECHO_JAR);
        refused(second, "already runs");
        assertEquals(running.managerPid(), cluster.status().managerPid(), "the first server keeps running");
    }

    private static final String FAILING_HTTP_APP = """
            package failing;

            import drover.worker.api.http.HttpApp;
            import drover.worker.api.http.Request;
            import drover.worker.api.http.Response;

            public final class FailingHttpApp implements HttpApp {
                public FailingHttpApp() {
                    throw new IllegalStateException("no database configured");
                }

                @Override
                public void onRequest(Request request, Response response) {
                    response.end();
                }
            }
            """;

    @Test
    void anHttpAppWhoseConstructorThrowsIsRefusedWithTheCauseAndItsStack() throws Exception {
        Path jar = CompiledAppJar.build(temp, "failing", Map.of("failing/FailingHttpApp.java", FAILING_HTTP_APP),
                Map.of("META-INF/services/drover.worker.api.http.HttpApp", "failing.FailingHttpApp\n",
                        "drover.properties", "open_http_protocol=true\n"), null);
        CommandResult result = cluster.tryStart(jar);
        refused(result, "FailingHttpApp could not be instantiated: java.lang.IllegalStateException: no database configured");
        String log = cluster.awaitLog("failing.FailingHttpApp.<init>(FailingHttpApp.java:"); // the stack, from the worker
        // both workers fail; the second may fail before or after the manager began to stop
        assertReasonLoggedOncePerWorker(log, "no database configured");
    }

    @Test
    void anOnWorkerStartFailureIsLoggedOnceWithItsStack() throws Exception {
        Path marker = Files.createFile(temp.resolve("refuse-to-start"));
        cluster.env("FAULTY_CRASH_WORKER", "0").env("FAULTY_CRASH_WHILE", marker.toString());
        refused(cluster.tryStart(DroverCluster.FAULTY_JAR), "onWorkerStart threw java.lang.IllegalStateException");
        String log = cluster.awaitLog("drover.examples.faulty.FaultyApp.onWorkerStart(FaultyApp.java:");
        assertEquals(1, errorLinesWith(log, "faulty app refuses to start"), "the reason is logged once:\n" + log);
        assertFalse(log.contains("unexpectedly"), "a worker that said why it could not boot did not exit unexpectedly:\n" + log);
    }

    /** Log lines at ERROR level (the stack trace's own lines are not) that contain the text. */
    /** At least one ERROR line gives the reason, and no worker's reason is given twice. */
    private static void assertReasonLoggedOncePerWorker(String log, String reason) {
        List<String> workers = log.lines().filter(line -> line.contains(" ERROR ") && line.contains(reason))
                .map(line -> line.replaceFirst(".*?(worker#\\d+ pid=\\d+).*", "$1")).toList();
        assertFalse(workers.isEmpty(), "no ERROR line gives the reason:\n" + log);
        assertEquals(Set.copyOf(workers).size(), workers.size(), "a worker's reason is logged more than once:\n" + log);
    }

    private static long errorLinesWith(String log, String text) {
        return log.lines().filter(line -> line.contains(" ERROR ") && line.contains(text)).count();
    }

    private static void refused(CommandResult result, String expected) {
        assertNotEquals(0, result.exitCode(), "start should fail:\n" + result.output());
        assertTrue(result.output().contains(expected), "expected '" + expected + "' in:\n" + result.output());
    }
}
