package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import drover.it.apps.ProbeApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** dispatch_mode 1 (round-robin), 4 (IP hash) and 5 (uid, after bind) pick the workers they promise. */
@Timeout(300)
class DispatchModeIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    private static String worker(String hiReply) {
        return hiReply.substring(1, hiReply.indexOf(' '));
    }

    @Test
    void roundRobinAlternatesWorkersPacketByPacket() throws Exception {
        cluster.set("dispatch_mode=1").start(TestAppJar.build(ProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            String previous = worker(client.request("hi"));
            for (int i = 0; i < 10; i++) {
                String now = worker(client.request("hi"));
                assertNotEquals(previous, now, "packet " + i);
                previous = now;
            }
        }
    }

    @Test
    void ipHashSendsOneAddressToOneWorker() throws Exception {
        cluster.set("dispatch_mode=4").start(TestAppJar.build(ProbeApp.class, temp));
        String first = null;
        for (int c = 0; c < 6; c++) {
            try (EchoClient client = new EchoClient(cluster.port())) {
                String w = worker(client.request("hi"));
                first = first == null ? w : first;
                assertEquals(first, w, "connection " + c + " from 127.0.0.1");
            }
        }
    }

    @Test
    void uidBindingMovesASessionToItsWorker() throws Exception {
        cluster.set("dispatch_mode=5").start(TestAppJar.build(ProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.request("hi");
            assertEquals("bound", client.request("bind 7"));
            assertEquals("1", worker(client.request("hi")), "uid 7 % 2 workers");
            assertEquals("bound", client.request("bind 10"));
            assertEquals("0", worker(client.request("hi")), "uid 10 % 2 workers");
        }
    }
}
