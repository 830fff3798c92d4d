package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.GatedStartApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class ReloadIT {
    private static final int WORKERS = 4;
    private static final int CLIENTS = 10;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(WORKERS);

    @Test
    void rollingReloadReplacesEveryWorkerUnderLoadWithoutAFailedReply() throws Exception {
        reloadUnderLoad();
    }

    @Test
    void reloadModeAllReplacesEveryWorkerUnderLoadWithoutAFailedReply() throws Exception {
        cluster.set("reload_mode=all");
        reloadUnderLoad();
        assertTrue(cluster.log().contains("reload (all)"), cluster.log());
    }

    private void reloadUnderLoad() throws Exception {
        Status before = cluster.start();
        try (SteadyLoad load = new SteadyLoad(cluster.port(), CLIENTS, 4096)) {
            load.awaitMoreEchoes(200);
            cluster.signal(before.managerPid(), "USR1");
            Status after = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload finished");
            assertEquals("ok", after.reloadResult(), after.toString());
            for (int i = 0; i < WORKERS; i++) {
                assertNotEquals(before.workerPid(i), after.workerPid(i), "worker#" + i + " was replaced");
                assertEquals(0, after.workerNumber(i, "restarts"), "a reload is not a crash");
            }
            load.awaitMoreEchoes(200); // and the new workers serve
            load.stop(); // rethrows any lost or wrong reply
        }
    }

    @Test
    void reloadsSignalledDuringAReloadAreCoalescedIntoOneMore() throws Exception {
        // The first reload is held open: its first new worker waits in onWorkerStart while the gate
        // file exists, so the signals below are certain to arrive during it, however fast reloads are.
        Path gate = cluster.home().resolve("start-gate");
        cluster.env(GatedStartApp.GATE_ENV, gate.toString());
        Status before = cluster.start(TestAppJar.build(GatedStartApp.class, cluster.home()));
        Files.createFile(gate);
        cluster.signal(before.managerPid(), "USR1");
        cluster.awaitLog(log -> log.contains("reload (rolling)"), "first reload under way"); // a log line stays
        for (int i = 0; i < 3; i++) {
            cluster.signal(before.managerPid(), "USR1");
        }
        // signals of one kind may merge in the kernel: at least one of the three reached the manager
        cluster.awaitLog(log -> log.contains("reload queued"), "a reload queued");
        assertTrue(cluster.status().reloadInProgress(), "the gate holds the first reload");
        Files.delete(gate);
        Status after = cluster.awaitStatus(s -> s.reloadCount() == 2 && !s.reloadInProgress(), "queued reload done");
        assertEquals("ok", after.reloadResult());
        // nothing else is queued: the count stays at 2 (checked after the workers are all ready again)
        assertEquals(2, cluster.awaitStatus(Status::allReady, "all ready").reloadCount());
    }

    @Test
    void reloadOntoAJarWhoseAppClassIsMissingFailsAndTheOldWorkersKeepServing() throws Exception {
        Path deployed = cluster.home().resolve("app.jar");
        Files.copy(DroverCluster.ECHO_JAR, deployed);
        Status before = cluster.start(deployed);
        Path broken = cluster.home().resolve("broken.jar");
        copyWithout(DroverCluster.ECHO_JAR, broken, "drover/examples/echo/EchoApp.class");
        Files.move(broken, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        try (SteadyLoad load = new SteadyLoad(cluster.port(), 4, 1024)) {
            load.awaitMoreEchoes(100);
            cluster.signal(before.managerPid(), "USR1");
            Status failed = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload ended");
            assertEquals("failed", failed.reloadResult());
            assertTrue(failed.reloadError().contains("EchoApp"), "the reason names the missing class: " + failed.reloadError());
            for (int i = 0; i < WORKERS; i++) {
                assertEquals(before.workerPid(i), failed.workerPid(i), "worker#" + i + " kept serving");
            }
            load.awaitMoreEchoes(100);
            load.stop();
        }
        assertTrue(cluster.log().contains("reload failed"), cluster.log());

        Files.copy(DroverCluster.ECHO_JAR, deployed, StandardCopyOption.REPLACE_EXISTING); // the fix is deployed
        cluster.signal(before.managerPid(), "USR1");
        Status fixed = cluster.awaitStatus(s -> s.reloadCount() == 2 && !s.reloadInProgress(), "second reload ended");
        assertEquals("ok", fixed.reloadResult());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served by the fixed jar".getBytes());
        }
    }

    static void copyWithout(Path from, Path to, String entryToDrop) throws IOException {
        try (InputStream file = Files.newInputStream(from); JarInputStream in = new JarInputStream(file);
             OutputStream target = Files.newOutputStream(to);
             JarOutputStream out = in.getManifest() == null ? new JarOutputStream(target) : new JarOutputStream(target, in.getManifest())) {
            JarEntry entry;
            boolean dropped = false;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.getName().equals(entryToDrop)) {
                    dropped = true;
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            assertTrue(dropped, entryToDrop + " was in " + from);
        }
    }
}
