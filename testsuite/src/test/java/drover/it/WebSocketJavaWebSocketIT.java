package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.WebSocketProbeApp;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket against a second client not written here, Java-WebSocket 1.6.0 (issue 21), beside the
 * JDK's client in WebSocketIT: examples/ws-echo echoes text and binary from 0 B to 16 MiB, with and
 * without permessage-deflate, a fragmented message, pings, and close codes from either side.
 */
@Timeout(300)
class WebSocketJavaWebSocketIT {
    private static final int[] SIZES = {0, 125, 64 * 1024, 16 << 20};

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    @Test
    void wsEchoEchoesEverySizeFragmentsAndPingsWithAndWithoutCompression() throws Exception {
        cluster.set("package_max_length=17M").set("websocket_compression=true");
        cluster.start(DroverCluster.REPO.resolve("examples/ws-echo/target/ws-echo.jar"));
        for (boolean deflate : new boolean[] {false, true}) {
            Client client = Client.connect(cluster.port(), deflate);
            try {
                assertEquals(deflate, client.negotiatedDeflate(), "permessage-deflate negotiated only when offered");
                Random random = new Random(deflate ? 7 : 6);
                for (int size : SIZES) {
                    String text = randomText(random, size);
                    client.send(text);
                    assertEquals(text, client.nextText(), "text of " + size + " B, deflate " + deflate);
                    byte[] binary = new byte[size];
                    random.nextBytes(binary);
                    client.send(binary);
                    assertArrayEquals(binary, client.nextBinary(), "binary of " + size + " B, deflate " + deflate);
                }

                client.sendFragmentedFrame(Opcode.TEXT, utf8("frag"), false); // three frames, one message
                client.sendFragmentedFrame(Opcode.TEXT, utf8("mén"), false);
                client.sendFragmentedFrame(Opcode.TEXT, utf8("ted"), true);
                assertEquals("fragménted", client.nextText());

                PingFrame ping = new PingFrame();
                ping.setPayload(ByteBuffer.wrap(new byte[] {4, 2}));
                client.sendFrame(ping);
                assertArrayEquals(new byte[] {4, 2}, client.nextPong(), "the pong carries the ping's payload");

                client.close(1000, "done");
                Client.Closed closed = client.awaitClose();
                assertEquals(1000, closed.code(), "the server answers the client's close with its code");
            } finally {
                client.closeBlocking(); // also ends the client's threads
            }
        }
    }

    @Test
    void anAppCloseCodeAndReasonReachTheClient() throws Exception {
        cluster.start(TestAppJar.build(WebSocketProbeApp.class, temp));
        Client client = Client.connect(cluster.port(), false);
        try {
            client.send("cmd:close:4001");
            Client.Closed closed = client.awaitClose();
            assertEquals(4001, closed.code());
            assertEquals("bye", closed.reason());
            assertTrue(closed.remote(), "the server closed");
        } finally {
            client.closeBlocking();
        }
    }

    private static String randomText(Random random, int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A Java-WebSocket client whose callbacks feed queues the test waits on with a deadline. */
    private static final class Client extends WebSocketClient {
        record Closed(int code, String reason, boolean remote) {}

        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();

        private Client(URI uri, boolean deflate) {
            super(uri, deflate ? new Draft_6455(new PerMessageDeflateExtension()) : new Draft_6455());
            setConnectionLostTimeout(0); // no pings of its own: every pong seen answers the test's
        }

        static Client connect(int port, boolean deflate) throws InterruptedException {
            Client client = new Client(URI.create("ws://127.0.0.1:" + port + "/"), deflate);
            assertTrue(client.connectBlocking(timeout().toMillis(), TimeUnit.MILLISECONDS), "handshake");
            return client;
        }

        boolean negotiatedDeflate() {
            // getDraft() is the template given to the constructor; the connection negotiated on a copy of it
            return ((Draft_6455) getConnection().getDraft()).getExtension() instanceof PerMessageDeflateExtension;
        }

        String nextText() throws InterruptedException {
            return assertInstanceOf(String.class, next());
        }

        byte[] nextBinary() throws InterruptedException {
            return assertInstanceOf(byte[].class, next());
        }

        private Object next() throws InterruptedException {
            Object message = messages.poll(timeout().toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "no message in time (closed: " + closed.getNow(null) + ")");
            return message;
        }

        byte[] nextPong() throws InterruptedException {
            byte[] pong = pongs.poll(timeout().toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(pong, "no pong in time");
            return pong;
        }

        Closed awaitClose() throws Exception {
            return closed.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        private static Duration timeout() {
            return Deadline.scaled(Duration.ofSeconds(30));
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            messages.add(copy);
        }

        @Override
        public void onWebsocketPong(WebSocket connection, Framedata frame) {
            ByteBuffer payload = frame.getPayloadData();
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            pongs.add(copy);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed.complete(new Closed(code, reason, remote));
        }

        @Override
        public void onError(Exception e) {
            messages.add(e); // surfaces as a failed assertInstanceOf in the waiting test
        }
    }
}
