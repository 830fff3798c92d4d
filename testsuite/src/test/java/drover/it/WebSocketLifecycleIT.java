package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.WebSocketAndPacketApp;
import drover.it.apps.WebSocketLifecycleApp;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket connection's life as the app sees it (docs/WEBSOCKET.md), with one worker so its
 * counts are the server's: onClose once for every onOpen, also for a connection that ended before
 * the reactor took the app's accept; fragments passed through when asked; a WebSocketApp beside a
 * packet app when listen mixes HTTP and length listeners.
 */
@Timeout(300)
class WebSocketLifecycleIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @TempDir
    Path temp;

    @Test
    void aConnectionClosedBeforeTheAppAcceptedGetsOnCloseWith1006() throws Exception {
        // the heartbeat closes the waiting connection while onHandshake takes 4 s: the accept comes too late
        cluster.set("heartbeat_check_interval=1").set("heartbeat_idle_time=1");
        cluster.start(TestAppJar.build(WebSocketLifecycleApp.class, temp));
        try (Socket socket = new Socket("127.0.0.1", cluster.port())) {
            socket.setSoTimeout((int) WsClient.timeout().toMillis());
            socket.getOutputStream().write(("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the server closes it for idleness, before the 101
            }
        }
        assertEquals("opens=1 closes=1 codes=[1006]", awaitCounts("opens=1 closes=1"),
                "onOpen ran, so onClose must, once");

        try (WsClient client = WsClient.connect(cluster.port(), "/")) {
            client.socket.sendText("hi", true).join();
            assertEquals("fin=true:hi", client.nextText());
            client.socket.sendClose(1000, "").join();
            client.awaitClose();
        }
        assertEquals("opens=2 closes=2 codes=[1006, 1000]", awaitCounts("opens=2 closes=2"),
                "no second onClose for the first connection");
    }

    @Test
    void fragmentsReachTheAppOneByOneWhenPassedThrough() throws Exception {
        cluster.set("websocket_pass_fragments=true");
        cluster.start(TestAppJar.build(WebSocketLifecycleApp.class, temp));
        try (WsClient client = WsClient.connect(cluster.port(), "/")) {
            client.socket.sendText("frag", false).join(); // the JDK's client sends each part as a frame
            client.socket.sendText("men", false).join();
            client.socket.sendText("ted", true).join();
            assertEquals("fin=false:frag", client.nextText());
            assertEquals("fin=false:men", client.nextText());
            assertEquals("fin=true:ted", client.nextText());
            client.socket.sendText("whole", true).join();
            assertEquals("fin=true:whole", client.nextText());
        }
    }

    @Test
    void fragmentsAreReassembledByDefault() throws Exception {
        cluster.start(TestAppJar.build(WebSocketLifecycleApp.class, temp));
        try (WsClient client = WsClient.connect(cluster.port(), "/")) {
            client.socket.sendText("frag", false).join();
            client.socket.sendText("men", false).join();
            client.socket.sendText("ted", true).join();
            assertEquals("fin=true:fragmented", client.nextText());
        }
    }

    @Test
    void aWebSocketAppServesItsHttpListenerBesideALengthListener() throws Exception {
        int webSocketPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            webSocketPort = probe.getLocalPort();
        }
        // the cluster's own entry has no suffix: the jar's default, open_length_check
        cluster.alsoListen("127.0.0.1:" + webSocketPort + "/http").start(TestAppJar.build(WebSocketAndPacketApp.class, temp));
        try (WsClient client = WsClient.connect(webSocketPort, "/")) {
            client.socket.sendText("over websocket", true).join();
            assertEquals("ws:over websocket", client.nextText());
        }
        try (EchoClient packets = new EchoClient(cluster.port())) {
            packets.echo("length framed".getBytes(StandardCharsets.US_ASCII)); // asserts the packet comes back whole
        }
    }

    /** GET /counts until it starts with prefix; the last answer. */
    private String awaitCounts(String prefix) throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        String counts = "";
        while (System.nanoTime() < deadline) {
            try (RawHttpClient http = new RawHttpClient(cluster.port())) {
                counts = new String(http.send("GET /counts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .read().body(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                // the one worker is still in the slow onHandshake, and the heartbeat closed this request's
                // connection as idle meanwhile: ask again
                counts = "no answer: " + e.getMessage();
            }
            if (counts.startsWith(prefix)) {
                return counts;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // a poll interval: the counts are what is awaited
        }
        assertTrue(counts.startsWith(prefix), "expected " + prefix + " within the deadline, last: " + counts);
        return counts;
    }
}
