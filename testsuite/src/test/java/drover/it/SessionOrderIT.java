package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.ProbeApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * dispatch_mode 2: onConnect, every onReceive and onClose of one session reach one worker in order,
 * and every way a client can leave (close, half-close, reset) ends its session with exactly one onClose.
 */
@Timeout(300)
class SessionOrderIT {
    private static final int CLIENTS = 24;
    private static final int PACKETS = 30;
    private static final Pattern HI = Pattern.compile("W(\\d+) S(\\d+) N(\\d+) C(true|false)");

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    private record Session(String id, String worker) {}

    @Test
    void connectReceiveAndCloseOfOneSessionReachOneWorkerInOrder() throws Exception {
        cluster.start(TestAppJar.build(ProbeApp.class, temp));
        List<Session> sessions = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            EchoClient client = new EchoClient(cluster.port());
            String worker = null;
            String id = null;
            for (int i = 0; i < PACKETS; i++) {
                Matcher m = HI.matcher(client.request("hi"));
                assertTrue(m.matches(), m.toString());
                assertEquals("true", m.group(4), "onConnect came before onReceive on the same worker");
                assertEquals(Integer.toString(i), m.group(3), "packets arrive in order, none lost");
                if (i == 0) {
                    worker = m.group(1);
                    id = m.group(2);
                }
                assertEquals(worker, m.group(1), "every packet of a session goes to one worker");
                assertEquals(id, m.group(2));
            }
            sessions.add(new Session(id, worker));
            switch (c % 3) { // the three ways a client leaves
                case 0 -> client.close();
                case 1 -> {
                    client.socket().shutdownOutput(); // half-close: the reactor sees EOF while we could still read
                    assertEquals(-1, client.input().read(), "the server ends a half-closed session");
                    client.close();
                }
                default -> {
                    client.socket().setSoLinger(true, 0); // reset (ECONNRESET on the reactor's side)
                    client.close();
                }
            }
        }
        Set<String> workers = new HashSet<>();
        for (Session s : sessions) {
            workers.add(s.worker());
            cluster.awaitLog(log -> log.contains(closeLine(s)), closeLine(s));
        }
        assertEquals(Set.of("0", "1"), workers, "sessions spread over both workers");

        cluster.stop();
        String log = cluster.log();
        for (Session s : sessions) {
            assertEquals(1, count(log, "probe onClose S" + s.id() + " "), "exactly one onClose for S" + s.id());
        }
    }

    private static String closeLine(Session s) {
        return "probe onClose S" + s.id() + " W" + s.worker() + " received=" + PACKETS + " ";
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
