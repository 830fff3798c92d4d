package drover.reactor.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK's own WebSocket client (java.net.http, not written here) against Handshake and WebSocketSession. */
@Timeout(60)
class JdkClientInteropTest {
    /** Collects whole messages (joining the client's partial deliveries), pongs and the close. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            received.add("pong:" + java.nio.charset.StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object item = received.poll(20, TimeUnit.SECONDS);
            if (item == null) {
                throw new AssertionError("nothing received within 20 s");
            }
            return item;
        }
    }

    @Test
    void echoesTextFragmentsBinaryAndPingsThenClosesCleanly() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
             LoopbackServer server = new LoopbackServer(new WebSocketPolicy(16 << 20, true, false, false))) {
            Collector collector = new Collector();
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), collector).get(20, TimeUnit.SECONDS);

            ws.sendText("héllo €", true).get(20, TimeUnit.SECONDS);
            assertEquals("héllo €", collector.next());

            ws.sendText("frag-", false).get(20, TimeUnit.SECONDS);
            ws.sendText("ment 𝄞", true).get(20, TimeUnit.SECONDS);
            assertEquals("frag-ment 𝄞", collector.next(), "fragments reassembled into one message");

            byte[] large = new byte[3 << 20];
            new Random(6455).nextBytes(large);
            ws.sendBinary(ByteBuffer.wrap(large), true).get(20, TimeUnit.SECONDS);
            assertArrayEquals(large, (byte[]) collector.next());

            ws.sendPing(ByteBuffer.wrap("p".getBytes())).get(20, TimeUnit.SECONDS);
            assertEquals("pong:p", collector.next());

            ws.sendClose(1000, "bye").get(20, TimeUnit.SECONDS);
            assertEquals("1000 ", collector.closed.get(20, TimeUnit.SECONDS));
            assertEquals("1000 bye", server.closed.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMessageOverTheLimitClosesTheClientWith1009() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
             LoopbackServer server = new LoopbackServer(new WebSocketPolicy(1024, true, false, false))) {
            Collector collector = new Collector();
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), collector).get(20, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[1025]), true).get(20, TimeUnit.SECONDS);
            assertEquals(1009, Integer.parseInt(collector.closed.get(20, TimeUnit.SECONDS).split(" ")[0]));
            assertEquals(1009, Integer.parseInt(server.closed.get(20, TimeUnit.SECONDS).split(" ")[0]));
        }
    }
}
