package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class OrphanIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void killingTheManagerEndsEveryChildAndTheNextStartSweepsTheRunDir() throws Exception {
        Status status = cluster.start();
        cluster.signal(status.managerPid(), "KILL");
        cluster.awaitNoProcesses(Duration.ofSeconds(2)); // control-link EOF ends each child

        Status again = cluster.start(); // the pid file and sockets of the dead manager must not stop it
        assertEquals(2, again.workerCount());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served again".getBytes());
        }
    }
}
