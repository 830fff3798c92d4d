package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reload onto a jar whose app class is missing fails and keeps the old workers. A worker that
 * crashes after that must come back from the jar that booted (the broken one is still deployed), and
 * no new connection may be handed to its slot while it has no ready worker: before, the slot
 * crash-looped on the broken jar and half of all new connections waited on it for ever.
 */
@Timeout(300)
class CrashAfterFailedReloadIT {
    private static final int CONNECTIONS = 40;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void afterAFailedReloadAndAWorkerCrashFortyNewConnectionsAreAllServed() throws Exception {
        Path deployed = cluster.home().resolve("app.jar");
        Files.copy(DroverCluster.ECHO_JAR, deployed);
        Status before = cluster.start(deployed);
        Path broken = cluster.home().resolve("broken.jar");
        ReloadIT.copyWithout(DroverCluster.ECHO_JAR, broken, "drover/examples/echo/EchoApp.class");
        Files.move(broken, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        cluster.signal(before.managerPid(), "USR1");
        Status failed = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload ended");
        assertEquals("failed", failed.reloadResult(), failed.toString());

        long crashed = failed.workerPid(1);
        cluster.signal(crashed, "KILL");
        cluster.awaitProcessGone(crashed);

        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new EchoClient(cluster.port()));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                // each read times out (EchoClient) rather than waiting for ever on a slot that never starts
                clients.get(i).echo(("connection " + i).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            for (EchoClient client : clients) {
                client.close();
            }
        }

        Status back = cluster.awaitStatus(s -> s.workerPid(1) > 0 && s.workerPid(1) != crashed && s.isReady(1),
                "worker#1 respawned from the jar that booted");
        assertEquals(1, back.workerNumber(1, "restarts"), back.toString());
        assertEquals(before.workerPid(0), back.workerPid(0), "worker#0 kept serving");
        assertNotEquals("ok", back.reloadResult(), "the failed reload was not retried by the crash");
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("and the respawned worker serves".getBytes(StandardCharsets.UTF_8));
        }
    }
}
