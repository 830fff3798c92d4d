package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.WebSocketProbeApp;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket against Python's websockets library (Debian's python3-websockets, which .ci/run
 * installs): echo up to 3 MiB, fragments, pings and a flood of them, close codes both ways, with
 * permessage-deflate negotiated. Skipped, saying so, where no python3 has the library.
 */
@Timeout(300)
class WebSocketPythonIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    @Test
    void pythonWebsocketsClientTalksToTheServerWithCompression() throws Exception {
        String python = pythonWithWebsockets();
        Assumptions.assumeTrue(python != null, "no python3 with the websockets module (apt-get install python3-websockets):"
                + " the Python conformance check is skipped");
        cluster.set("websocket_compression=true").set("package_max_length=4M");
        cluster.start(TestAppJar.build(WebSocketProbeApp.class, temp));
        Path script = temp.resolve("ws_conformance.py");
        try (InputStream in = WebSocketPythonIT.class.getResourceAsStream("ws_conformance.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process client = new ProcessBuilder(python, script.toString(), String.valueOf(cluster.port()))
                .redirectErrorStream(true).start();
        try {
            boolean done = client.waitFor(Deadline.scaled(Duration.ofSeconds(150)).toMillis(), TimeUnit.MILLISECONDS);
            String output = new String(client.getInputStream().readAllBytes());
            assertTrue(done, "the python client did not finish:\n" + output);
            assertEquals(0, client.exitValue(), output);
            assertTrue(output.contains("extensions ['PerMessageDeflate']"), output);
            assertTrue(output.contains("all ok"), output);
        } finally {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
        }
    }

    private static String pythonWithWebsockets() throws Exception {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return python;
                }
            } catch (java.io.IOException e) {
                // no such interpreter: try the next
            }
        }
        return null;
    }
}
