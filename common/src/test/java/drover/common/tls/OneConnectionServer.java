package drover.common.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A TlsSession on a real socket for a real client (openssl s_client, curl): one connection on
 * 127.0.0.1, served by one thread with blocking I/O. Once the plaintext received forms a whole
 * message, it answers with {@code answer} and closes with close_notify. Closing this closes the
 * listener and the connection and waits for the thread.
 */
final class OneConnectionServer implements AutoCloseable {
    /** Turns what arrived so far into the answer, or null while the message is incomplete. */
    interface Answer extends Function<String, String> {
    }

    private final ServerSocketChannel listener;
    private final Thread thread;
    private final ServerTlsContext context;
    private final Answer answer;
    private volatile SocketChannel connection;
    volatile TlsException failure;
    volatile TlsSession.Ending ending;
    volatile TlsConnectionInfo info;
    volatile IOException ioFailure;

    OneConnectionServer(ServerTlsContext context, Answer answer) throws IOException {
        this.context = context;
        this.answer = answer;
        this.listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = Thread.ofPlatform().name("tls-test-server").start(this::serveOne);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private void serveOne() {
        try (SocketChannel channel = listener.accept()) {
            connection = channel;
            TlsSession session = new TlsSession(context.newEngine(List.of("http/1.1")), 1 << 16,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            serve(channel, session);
        } catch (IOException e) {
            ioFailure = e;
        }
    }

    private void serve(SocketChannel channel, TlsSession session) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(2 * session.minimumInputCapacity());
        StringBuilder received = new StringBuilder();
        while (true) {
            if (channel.read(in) < 0) {
                ending = session.endOfInput();
                return;
            }
            in.flip();
            try {
                session.receive(in, plaintext -> {
                    received.append(StandardCharsets.ISO_8859_1.decode(plaintext));
                    return true;
                });
            } catch (TlsException e) {
                failure = e;
                flush(channel, session);
                return;
            }
            in.compact();
            flush(channel, session);
            info = session.info().orElse(null);
            String reply = info == null ? null : answer.apply(received.toString());
            if (reply != null) {
                sendAll(channel, session, ByteBuffer.wrap(reply.getBytes(StandardCharsets.ISO_8859_1)));
                session.close();
                flush(channel, session);
                return;
            }
        }
    }

    private static void sendAll(SocketChannel channel, TlsSession session, ByteBuffer reply) throws IOException {
        while (reply.hasRemaining()) {
            try {
                session.send(reply);
            } catch (TlsException e) {
                throw new IOException(e);
            }
            flush(channel, session);
        }
    }

    private static void flush(SocketChannel channel, TlsSession session) throws IOException {
        while (session.pendingOutput() > 0) {
            session.writeTo(channel); // blocking: writes all it is given
        }
    }

    /** Waits for the connection to end (a deadline, not a sleep), then closes everything. */
    void awaitEnd() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close(); // ends a blocked accept
        SocketChannel open = connection;
        if (open != null) {
            open.close(); // ends a blocked read
        }
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
