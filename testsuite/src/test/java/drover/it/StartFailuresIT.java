package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static void refused(CommandResult result, String expected) {
        assertNotEquals(0, result.exitCode(), "start should fail:\n" + result.output());
        assertTrue(result.output().contains(expected), "expected '" + expected + "' in:\n" + result.output());
    }
}
