package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** reactor_processes: two reactor JVMs share the port (SO_REUSEPORT); every worker links to both. */
@Timeout(180)
class ReactorProcessesIT {
    private static final int CLIENTS = 40;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("reactor_processes=2");

    @Test
    void twoReactorProcessesShareThePortAndEveryConnectionIsServed() throws Exception {
        Status status = cluster.start();
        assertEquals(2, status.reactorCount());
        assertNotEquals(status.reactorPid(0), status.reactorPid(1));
        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new EchoClient(cluster.port()));
            }
            for (int round = 0; round < 3; round++) {
                for (EchoClient client : clients) {
                    client.echo(("round " + round).getBytes());
                }
            }
        } finally {
            for (EchoClient client : clients) {
                client.close();
            }
        }
        // the kernel spread the connections: both reactors accepted some (all 40 on one: odds 2^-39)
        Status after = cluster.awaitStatus(s -> s.reactorCounter(0, "closed") + s.reactorCounter(1, "closed") == CLIENTS,
                "every connection counted closed by its reactor");
        assertNotEquals(0, after.reactorCounter(0, "accepted"));
        assertNotEquals(0, after.reactorCounter(1, "accepted"));
    }
}
