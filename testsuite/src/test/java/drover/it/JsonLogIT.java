package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.MetricsProbeApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * log_format=json: every line of the log is one JSON object, an app's java.util.logging record keeps
 * its stack trace inside its object, System.Logger lands in the same log, and log_level drops what is
 * below it.
 */
@Timeout(300)
class JsonLogIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @TempDir
    Path temp;

    @Test
    @SuppressWarnings("unchecked")
    void everyLineIsAJsonObjectAndAnAppExceptionKeepsItsStack() throws Exception {
        cluster.set("log_format=json").set("log_level=warn").start(TestAppJar.build(MetricsProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("log".getBytes());
        }
        cluster.awaitLog("probe system logger line");
        cluster.stop();
        List<String> lines = cluster.log().lines().toList();
        Map<String, Object> failure = null;
        Map<String, Object> systemLogger = null;
        for (String line : lines) {
            Map<String, Object> record = (Map<String, Object>) MiniJson.parse(line); // throws on anything but JSON
            assertTrue(record.containsKey("time") && record.containsKey("level") && record.containsKey("role")
                    && record.containsKey("pid") && record.containsKey("message"), line);
            assertTrue(!record.get("level").equals("INFO"), "log_level=warn drops INFO: " + line);
            String message = (String) record.get("message");
            if (message.contains("probe failure")) {
                failure = record;
            } else if (message.contains("probe system logger line")) {
                systemLogger = record;
            }
        }
        assertTrue(failure != null, "the JUL record is in the log:\n" + cluster.log());
        assertEquals("ERROR", failure.get("level"));
        assertEquals("worker", failure.get("role"));
        assertEquals(0L, failure.get("slot"));
        assertEquals("probe.jul: probe failure \"quoted\"", failure.get("message"));
        String stack = (String) failure.get("stack");
        assertTrue(stack.startsWith("java.lang.IllegalStateException: boom") && stack.contains("drover.it.apps.MetricsProbeApp.onReceive"),
                stack);
        assertTrue(systemLogger != null && systemLogger.get("level").equals("WARN"), String.valueOf(systemLogger));
    }
}
