package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.WebSocketProbeApp;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket end to end (docs/WEBSOCKET.md): a WebSocketApp in real worker JVMs behind the reactor,
 * talked to by the JDK's java.net.http.WebSocket and, for what that client never sends, by a raw
 * socket.
 */
@Timeout(300)
class WebSocketIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    private Status start() throws Exception {
        return cluster.start(TestAppJar.build(WebSocketProbeApp.class, temp));
    }

    @Test
    void textAndBinaryMessagesAreEchoedWholeFromEmptyToLargeAndFragmented() throws Exception {
        start();
        try (WsClient client = WsClient.connect(cluster.port(), "/echo")) {
            client.socket.sendText("hello", true).join();
            assertEquals("hello", client.nextText());
            client.socket.sendText("", true).join();
            assertEquals("", client.nextText());
            client.socket.sendText("héllo wörld ✓", true).join();
            assertEquals("héllo wörld ✓", client.nextText());

            byte[] small = {0, 1, 2, (byte) 0xFF};
            client.socket.sendBinary(java.nio.ByteBuffer.wrap(small), true).join();
            assertArrayEquals(small, assertInstanceOf(byte[].class, client.next()));

            client.socket.sendText("frag", false).join(); // three frames, one message
            client.socket.sendText("men", false).join();
            client.socket.sendText("ted", true).join();
            assertEquals("fragmented", client.nextText());

            byte[] large = new byte[1536 * 1024]; // above large_payload_threshold: the large-payload path both ways
            new Random(21).nextBytes(large);
            client.socket.sendBinary(java.nio.ByteBuffer.wrap(large), true).join();
            assertArrayEquals(large, assertInstanceOf(byte[].class, client.next()));
        }
    }

    @Test
    void pingsAreAnsweredAndCloseCodesReachBothSides() throws Exception {
        start();
        try (WsClient watcher = WsClient.connect(cluster.port(), "/");
             WsClient pinger = WsClient.connect(cluster.port(), "/");
             WsClient kicked = WsClient.connect(cluster.port(), "/")) {
            pinger.socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {4, 2})).join();
            assertArrayEquals(new byte[] {4, 2}, pinger.nextPong());

            pinger.socket.sendClose(1000, "done").join();
            assertEquals(1000, pinger.awaitClose().code(), "the server echoes the client's code");
            assertEquals("closed:1000", watcher.nextTextStarting("closed:"), "onClose got the client's code");

            kicked.socket.sendText("cmd:close:4001", true).join();
            WsClient.Closed closed = kicked.awaitClose();
            assertEquals(4001, closed.code());
            assertEquals("bye", closed.reason());
            assertEquals("closed:4001", watcher.nextTextStarting("closed:"), "onClose got the app's code");
        }
    }

    @Test
    void everyCodeAnAppMayCloseWithReachesTheClientAndOnClose() throws Exception {
        start();
        try (WsClient watcher = WsClient.connect(cluster.port(), "/")) {
            for (int code : new int[] {1000, 1001, 1003, 1008, 1011, 3000, 4999}) {
                try (WsClient client = WsClient.connect(cluster.port(), "/")) {
                    client.socket.sendText("cmd:close:" + code, true).join();
                    assertEquals(code, client.awaitClose().code());
                    assertEquals("closed:" + code, watcher.nextTextStarting("closed:"));
                }
            }
        }
    }

    @Test
    void aMessageOverPackageMaxLengthClosesWith1009() throws Exception {
        cluster.set("package_max_length=64K");
        start();
        try (WsClient watcher = WsClient.connect(cluster.port(), "/");
             WsClient client = WsClient.connect(cluster.port(), "/")) {
            client.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[65 * 1024]), true);
            assertEquals(1009, client.awaitClose().code());
            assertEquals("closed:1009", watcher.nextTextStarting("closed:"));
        }
    }

    @Test
    void messagesOfSixteenMebibytesAreEchoedWhole() throws Exception {
        cluster.set("package_max_length=17M");
        start();
        try (WsClient client = WsClient.connect(cluster.port(), "/")) {
            byte[] large = new byte[16 << 20];
            new Random(16).nextBytes(large);
            client.socket.sendBinary(java.nio.ByteBuffer.wrap(large), true).join();
            assertArrayEquals(large, assertInstanceOf(byte[].class, client.next()));
            String text = "é".repeat(8 << 20); // 16 MiB of UTF-8
            client.socket.sendText(text, true).join();
            assertEquals(text, client.nextText());
        }
    }

    @Test
    void aCloseWithoutStatusReachesTheAppAs1005AndALostConnectionAs1006() throws Exception {
        start();
        try (WsClient watcher = WsClient.connect(cluster.port(), "/")) {
            try (Socket socket = rawUpgrade()) {
                socket.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4}); // close, no status
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertEquals(0x88, in.readUnsignedByte(), "a close frame");
                assertEquals(0, in.readUnsignedByte(), "answered without a status, as it came");
            }
            assertEquals("closed:1005", watcher.nextTextStarting("closed:"));
            rawUpgrade().close(); // the TCP connection ends without a close frame
            assertEquals("closed:1006", watcher.nextTextStarting("closed:"));
        }
    }

    @Test
    void aFloodOfPingsFromAClientThatDoesNotReadIsBoundedAndTheLatestIsAnswered() throws Exception {
        start();
        long floodBytes = 131L * 500 * 192; // 25 MB of pings, in bursts of 500
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Socket flood = rawUpgrade()) {
            Future<Long> flooding = pool.submit(() -> floodPings(flood.getOutputStream(), floodBytes));
            assertEquals(floodBytes, flooding.get(Deadline.scaled(Duration.ofSeconds(120)).toMillis(), TimeUnit.MILLISECONDS),
                    "the reactor kept reading");
            flood.getOutputStream().write(maskedFrame(0x9, "last".getBytes(StandardCharsets.US_ASCII)));
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(flood.getInputStream()));
            int pongs = 0;
            while (true) { // the pongs that fitted, then the one owed for the latest ping
                int first = in.readUnsignedByte();
                byte[] payload = in.readNBytes(in.readUnsignedByte());
                assertEquals(0x8A, first, "only pongs come back, not " + first + " with "
                        + new String(payload, StandardCharsets.ISO_8859_1) + " after " + pongs + " pongs");
                pongs++;
                if (new String(payload, StandardCharsets.US_ASCII).equals("last")) {
                    break;
                }
            }
            assertTrue(pongs < floodBytes / 131, "pongs were coalesced while the client did not read: " + pongs);
            flood.getOutputStream().write(maskedFrame(0x1, "still here".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(0x81, in.readUnsignedByte());
            assertEquals("still here", new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII));
        } finally {
            pool.shutdownNow();
        }
        cluster.stop();
        Matcher peaks = Pattern.compile("output_peak=(\\d+)").matcher(cluster.log());
        int threads = 0;
        while (peaks.find()) {
            threads++;
            // buffer_output_size (2 MiB), and the pong that found it full
            assertTrue(Long.parseLong(peaks.group(1)) <= (2L << 20) + 1024, "output_peak " + peaks.group(1));
        }
        assertTrue(threads > 0, "each reactor thread logs its counters at stop:\n" + cluster.log());
    }

    /** Writes pings of 125 bytes (131 on the wire) until total bytes are out; never reads. */
    private static long floodPings(OutputStream out, long total) throws java.io.IOException {
        byte[] ping = maskedFrame(0x9, new byte[125]);
        byte[] burst = new byte[ping.length * 500];
        for (int i = 0; i < 500; i++) {
            System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
        }
        long sent = 0;
        while (sent < total) {
            out.write(burst);
            sent += burst.length;
        }
        return sent;
    }

    /** A masked client frame of under 126 bytes, final. */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {7, 1, 3, 9};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** A raw socket through the handshake: the 101 read, the connection a WebSocket. */
    private Socket rawUpgrade() throws Exception {
        Socket socket = new Socket("127.0.0.1", cluster.port());
        try {
            socket.setSoTimeout((int) WsClient.timeout().toMillis());
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
            return socket;
        } catch (Exception | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    @Test
    void anUnmaskedClientFrameIsAnsweredWith1002AndBadUtf8With1007() throws Exception {
        start();
        assertEquals(1002, rawCloseCode(new byte[] {(byte) 0x81, 1, 'x'}));
        byte[] mask = {1, 2, 3, 4};
        byte[] badUtf8 = {(byte) 0xC3, (byte) 0x28};
        assertEquals(1007, rawCloseCode(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4,
                (byte) (badUtf8[0] ^ mask[0]), (byte) (badUtf8[1] ^ mask[1])}));
    }

    /** A raw handshake, then the frame; the status of the close frame the server answers with. */
    private int rawCloseCode(byte[] frame) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cluster.port())) {
            socket.setSoTimeout((int) WsClient.timeout().toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
            out.write(frame);
            assertEquals(0x88, in.readUnsignedByte(), "a close frame");
            int length = in.readUnsignedByte();
            assertTrue(length >= 2, "with a status");
            return in.readUnsignedShort();
        }
    }

    @Test
    void theAppMayRefuseAnUpgradeAndChooseASubprotocol() throws Exception {
        start();
        CompletionException refused = assertThrows(CompletionException.class, () -> WsClient.connect(cluster.port(), "/deny"));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        try (WsClient client = WsClient.connect(cluster.port(), "/", "chat")) {
            assertEquals("chat", client.socket.getSubprotocol());
        }
    }

    @Test
    void oneWorkerBroadcastsToEveryConnectionOfEveryWorker() throws Exception {
        start();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(WsClient.connect(cluster.port(), "/room"));
            }
            clients.getFirst().socket.sendText("cmd:count", true).join();
            assertEquals("count:20", clients.getFirst().nextText());
            clients.get(7).socket.sendText("cmd:broadcast:hello all", true).join();
            for (WsClient client : clients) {
                assertEquals("hello all", client.nextText());
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void theChatExampleServesItsPageAndSpeaksToTheWholeRoom() throws Exception {
        cluster.start(DroverCluster.REPO.resolve("examples/ws-chat/target/ws-chat.jar"));
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + cluster.port() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("new WebSocket("), page.body());
        }
        try (WsClient alice = WsClient.connect(cluster.port(), "/room")) {
            assertTrue(alice.nextText().endsWith("joined (1 here)"));
            try (WsClient bob = WsClient.connect(cluster.port(), "/room")) {
                assertTrue(alice.nextText().endsWith("joined (2 here)"));
                assertTrue(bob.nextText().endsWith("joined (2 here)"));
                bob.socket.sendText("hi", true).join();
                assertTrue(alice.nextText().endsWith(": hi"));
                assertTrue(bob.nextText().endsWith(": hi"));
            }
            assertTrue(alice.nextText().endsWith(" left"), "the room hears of bob's close");
        }
    }

    @Test
    void anIdleConnectionIsClosedWith1001() throws Exception {
        cluster.set("heartbeat_check_interval=1").set("heartbeat_idle_time=1");
        start();
        try (WsClient client = WsClient.connect(cluster.port(), "/")) {
            WsClient.Closed closed = client.awaitClose();
            assertEquals(1001, closed.code());
        }
    }

    @Test
    void connectionsStayOpenAcrossAReloadAndNoMessageIsLost() throws Exception {
        Status before = start();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(WsClient.connect(cluster.port(), "/"));
            }
            WsClient talker = clients.getFirst();
            talker.socket.sendText("cmd:worker", true).join();
            String workerBefore = talker.nextText();

            cluster.signal(before.managerPid(), "USR1");
            int sent = 0;
            // messages keep flowing while the workers are replaced, one at a time
            while (!reloaded()) {
                String message = "m" + sent++;
                talker.socket.sendText(message, true).join();
                assertEquals(message, talker.nextText(), "echoed in order, none lost");
            }
            for (int i = 0; i < 20; i++) {
                String message = "after" + i;
                talker.socket.sendText(message, true).join();
                assertEquals(message, talker.nextText());
            }
            talker.socket.sendText("cmd:worker", true).join();
            assertNotEquals(workerBefore, talker.nextText(), "a new worker answers");
            talker.socket.sendText("cmd:count", true).join();
            assertEquals("count:4", talker.nextText(), "the new worker knows every connection still open");
            clients.get(3).socket.sendText("cmd:broadcast:still here", true).join();
            for (WsClient client : clients) {
                assertEquals("still here", client.nextText());
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    private boolean reloaded() throws Exception {
        Status now = cluster.status();
        return now.reloadCount() == 1 && !now.reloadInProgress() && now.allReady();
    }
}
