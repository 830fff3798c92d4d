package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/chat: a line reaches every connection, whichever of the two workers holds it, in both worker modes. */
@Timeout(300)
class ChatExampleIT {
    private static final int CLIENTS = 6;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @ParameterizedTest
    @ValueSource(strings = {"loop", "virtual"})
    void aLineReachesEveryConnection(String mode) throws Exception {
        cluster.set("worker_mode=" + mode).start(DroverCluster.CHAT_JAR);
        List<Socket> sockets = new ArrayList<>();
        try {
            List<BufferedReader> readers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", cluster.port()), 10_000);
                socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(30)).toMillis());
                readers.add(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)));
            }
            // every client is connected once its own line comes back to it, so none misses what follows
            for (int i = 0; i < CLIENTS; i++) {
                say(sockets.get(i), "joined " + i);
                String line;
                while (!(line = readers.get(i).readLine()).endsWith(": joined " + i)) {
                    assertTrue(line.contains(": joined "), line);
                }
            }
            say(sockets.get(0), "hello from the first");
            say(sockets.get(CLIENTS - 1), "hello from the last");
            Set<String> senders = new HashSet<>();
            for (BufferedReader reader : readers) {
                Set<String> got = new HashSet<>();
                while (got.size() < 2) {
                    String line = reader.readLine();
                    if (line.contains(": hello from the ")) {
                        got.add(line.substring(line.indexOf(": ") + 2));
                        senders.add(line.substring(0, line.indexOf(':')));
                    }
                }
                assertEquals(Set.of("hello from the first", "hello from the last"), got);
            }
            assertEquals(2, senders.size(), "each line names its sender's session: " + senders);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        // heartbeats carry the request counts, so wait for them rather than read them once
        cluster.awaitStatus(s -> s.workerNumber(0, "requests") > 0 && s.workerNumber(1, "requests") > 0,
                "lines received by both workers: each held some of the connections");
    }

    private static void say(Socket socket, String line) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
