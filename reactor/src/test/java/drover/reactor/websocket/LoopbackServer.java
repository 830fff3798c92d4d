package drover.reactor.websocket;

import drover.common.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A one-connection echo server on 127.0.0.1 built from {@link Handshake} and
 * {@link WebSocketSession} over a blocking socket, so that a real client can be run against the
 * protocol code before it is plugged into the reactor. Every message is echoed as it came.
 */
final class LoopbackServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final WebSocketPolicy policy;
    private final Thread thread;
    /** The code and reason the session ended with, as the app's onClose would see them. */
    final CompletableFuture<String> closed = new CompletableFuture<>();

    LoopbackServer(WebSocketPolicy policy) throws IOException {
        this.policy = policy;
        this.thread = Thread.ofPlatform().name("ws-loopback").daemon().start(this::serveOne);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serveOne() {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String[] lines = readHead(in).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            HttpHeaders.Builder headers = new HttpHeaders.Builder(lines.length);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            HandshakeOutcome outcome = Handshake.check(requestLine[0], requestLine[2], headers.build(), policy.compression());
            if (outcome instanceof HandshakeOutcome.Refused refused) {
                out.write(refused.response());
                closed.complete("refused " + refused.status());
                return;
            }
            HandshakeOutcome.Accepted accepted = (HandshakeOutcome.Accepted) outcome;
            out.write(accepted.response(null));
            serveFrames(socket, in, out, accepted.deflate());
        } catch (IOException | RuntimeException e) {
            closed.completeExceptionally(e);
        }
    }

    private void serveFrames(Socket socket, InputStream in, OutputStream out, DeflateParameters deflate) throws IOException {
        Echo echo = new Echo();
        WebSocketSession session = new WebSocketSession(policy, deflate, echo, new WebSocketSession.Output() {
            @Override
            public void write(ByteBuffer frame) {
                try {
                    out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
                } catch (IOException e) {
                    throw new IllegalStateException("writing to the client", e);
                }
            }

            @Override
            public void closeTransport() {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new IllegalStateException("closing the client socket", e);
                }
            }
        });
        echo.session = session;
        byte[] buffer = new byte[8192];
        int n;
        while (!socket.isClosed() && (n = in.read(buffer)) > 0) {
            session.receive(ByteBuffer.wrap(buffer, 0, n));
        }
        session.transportClosed();
    }

    private final class Echo implements WebSocketSession.Listener {
        WebSocketSession session;

        @Override
        public void onMessage(Opcode type, byte[] payload, boolean finish) {
            session.send(type, payload);
        }

        @Override
        public void onPing(byte[] payload) {
            session.send(Opcode.PONG, payload);
        }

        @Override
        public void onPong(byte[] payload) {
        }

        @Override
        public void onClose(int code, String reason) {
            closed.complete(code + " " + reason);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed before the end of its request head");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    @Override
    public void close() throws Exception {
        listener.close();
        thread.join(10_000);
    }
}
