package drover.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket connection through the JDK's own client (java.net.http.WebSocket), a client written
 * elsewhere: whole messages (text as String, binary as byte[]), pongs and the server's close, each
 * awaited with a deadline.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    /** The close the server sent. */
    record Closed(int code, String reason) {
    }

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final HttpClient http;
    final WebSocket socket;

    private WsClient(HttpClient http, URI uri, String subprotocol) {
        this.http = http;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout());
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        this.socket = builder.buildAsync(uri, this).orTimeout(timeout().toMillis(), TimeUnit.MILLISECONDS).join();
    }

    static WsClient connect(int port, String path) {
        return connect(port, path, null);
    }

    static WsClient connect(int port, String path, String subprotocol) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            return new WsClient(http, URI.create("ws://127.0.0.1:" + port + path), subprotocol);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    static Duration timeout() {
        return Deadline.scaled(Duration.ofSeconds(20));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binary.writeBytes(part);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        pongs.add(payload);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null; // the JDK answers with the same code
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next whole message: a String or a byte[]. */
    Object next() throws InterruptedException {
        Object message = messages.poll(timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout());
        }
        return message;
    }

    String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String s)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return s;
    }

    /** The next text message that starts with the prefix, skipping others (e.g. other connections' closes). */
    String nextTextStarting(String prefix) throws InterruptedException {
        while (true) {
            String s = nextText();
            if (s.startsWith(prefix)) {
                return s;
            }
        }
    }

    byte[] nextPong() throws InterruptedException {
        byte[] pong = pongs.poll(timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (pong == null) {
            throw new AssertionError("no pong within " + timeout());
        }
        return pong;
    }

    Closed awaitClose() {
        return closed.orTimeout(timeout().toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
