package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTTIN adds a worker that takes new connections; SIGTTOU removes one without dropping its connections. */
@Timeout(180)
class ScaleWorkersIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void ttinAddsAWorkerAndTtouRemovesItWhileItsConnectionsCarryOn() throws Exception {
        Status before = cluster.start(DroverCluster.FAULTY_JAR);
        cluster.signal(before.managerPid(), "TTIN");
        Status grown = cluster.awaitStatus(s -> s.workerCount() == 3 && s.allReady(), "a third worker ready");
        assertEquals(before.workerPid(0), grown.workerPid(0));
        assertEquals(before.workerPid(1), grown.workerPid(1));
        long added = grown.workerPid(2);

        List<EchoClient> clients = new ArrayList<>();
        try {
            EchoClient onAdded = null;
            Set<Long> servedBy = new HashSet<>();
            for (int i = 0; i < 6; i++) { // new connections go round the three slots
                EchoClient client = new EchoClient(cluster.port());
                clients.add(client);
                long pid = servingPid(client);
                servedBy.add(pid);
                if (pid == added) {
                    onAdded = client;
                }
            }
            assertEquals(Set.of(before.workerPid(0), before.workerPid(1), added), servedBy);

            cluster.signal(before.managerPid(), "TTOU");
            Status shrunk = cluster.awaitStatus(s -> s.workerCount() == 2, "back to two workers");
            assertEquals(before.workerPid(0), shrunk.workerPid(0));
            assertEquals(before.workerPid(1), shrunk.workerPid(1));
            cluster.awaitProcessGone(added);
            // the removed worker's connection was moved, not dropped
            long nowServedBy = servingPid(onAdded);
            assertNotEquals(added, nowServedBy);
            assertTrue(nowServedBy == before.workerPid(0) || nowServedBy == before.workerPid(1));
            for (EchoClient client : clients) {
                client.echo("still here".getBytes(StandardCharsets.US_ASCII));
            }
        } finally {
            for (EchoClient client : clients) {
                client.close();
            }
        }
        cluster.signal(before.managerPid(), "TTOU");
        Status last = cluster.awaitStatus(s -> s.workerCount() == 1, "one worker");
        // one at a time: the kernel does not queue a second pending SIGTTOU
        cluster.signal(before.managerPid(), "TTOU"); // the last worker is never removed
        cluster.awaitLog("a server keeps at least one worker");
        assertEquals(1, cluster.status().workerCount());
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals(last.workerPid(0), servingPid(client));
        }
    }

    private static long servingPid(EchoClient client) throws Exception {
        client.sendRaw(EchoClient.packet("pid".getBytes(StandardCharsets.US_ASCII)));
        byte[] reply = client.readPacket();
        return Long.parseLong(new String(reply, 4, reply.length - 4, StandardCharsets.US_ASCII));
    }
}
