package drover.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Child output lands in the manager's log stamped with role, slot and pid; SIGHUP reopens the log file. */
@Timeout(180)
class LogIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void appOutputIsCapturedAndHupReopensTheLogAfterRotation() throws Exception {
        Status status = cluster.start(DroverCluster.FAULTY_JAR);
        Path log = cluster.runDir().resolve("drover.log");
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("print".getBytes(StandardCharsets.US_ASCII));
            awaitLog(log, text -> text.contains("faulty app printed this"), "the app's println in the log");
            String line = lineWith(Files.readString(log), "faulty app printed this");
            assertTrue(line.matches("\\S+ OUT   worker#[01] pid=\\d+ faulty app printed this on worker#[01]"), line);

            Path rotated = cluster.runDir().resolve("drover.log.1");
            Files.move(log, rotated); // what logrotate does
            cluster.signal(status.managerPid(), "HUP");
            awaitLog(log, text -> text.contains("log file reopened"), "a fresh log after SIGHUP");

            client.echo("print".getBytes(StandardCharsets.US_ASCII));
            awaitLog(log, text -> text.contains("faulty app printed this"), "new lines in the fresh log");
            String old = Files.readString(rotated);
            assertFalse(old.contains("log file reopened"), "the rotated file gets nothing more");
            Files.delete(rotated);
        }
    }

    private static String lineWith(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).findFirst().orElseThrow();
    }

    private static void awaitLog(Path log, Predicate<String> condition, String what) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(20));
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(log) ? Files.readString(log) : "";
            if (condition.test(text)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("timed out waiting for " + what + "; log:\n" + text);
    }
}
