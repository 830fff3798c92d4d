package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** reload.sh --wait: the outcome of the reload, and an exit code that says it. */
@Timeout(300)
class ReloadWaitIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void reloadWaitExitsZeroAfterAGoodReloadAndNonZeroWithTheReasonAfterAFailedOne() throws Exception {
        Path deployed = cluster.home().resolve("app.jar");
        Files.copy(DroverCluster.ECHO_JAR, deployed);
        Status before = cluster.start(deployed);

        CommandResult good = reloadAndWait();
        assertEquals(0, good.exitCode(), good.output());
        assertTrue(good.output().contains("ok reload done in"), good.output());
        Status reloaded = cluster.status(); // the answer came once the reload was over: no waiting for it here
        assertEquals(1, reloaded.reloadCount(), reloaded.toString());
        assertEquals("ok", reloaded.reloadResult());

        Path broken = cluster.home().resolve("broken.jar");
        copyWithout(DroverCluster.ECHO_JAR, broken, "drover/examples/echo/EchoApp.class");
        Files.move(broken, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        CommandResult bad = reloadAndWait();
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("error: reload failed") && bad.output().contains("EchoApp"),
                "the reason names the missing class:\n" + bad.output());
        Status failed = cluster.status();
        assertEquals(2, failed.reloadCount(), failed.toString());
        assertEquals("failed", failed.reloadResult());
        for (int i = 0; i < 2; i++) {
            assertEquals(reloaded.workerPid(i), failed.workerPid(i), "worker#" + i + " kept serving");
        }
        assertTrue(before.managerPid() == failed.managerPid());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served by the old workers".getBytes());
        }
    }

    private CommandResult reloadAndWait() throws Exception {
        return cluster.script("reload.sh", List.of("--wait", "--run-dir", cluster.runDir().toString()), Duration.ofSeconds(120));
    }

    private static void copyWithout(Path from, Path to, String entryToDrop) throws IOException {
        try (InputStream file = Files.newInputStream(from); JarInputStream in = new JarInputStream(file);
             OutputStream target = Files.newOutputStream(to);
             JarOutputStream out = in.getManifest() == null ? new JarOutputStream(target) : new JarOutputStream(target, in.getManifest())) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (!entry.getName().equals(entryToDrop)) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }
}
