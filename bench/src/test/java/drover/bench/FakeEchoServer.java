package drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A blocking echo server on 127.0.0.1 for EchoLoad's tests, one thread per connection. Its
 * {@link Behaviour} may spoil the echo, to show that EchoLoad notices.
 */
final class FakeEchoServer implements AutoCloseable {
    enum Behaviour {
        ECHO,
        /** Flips one bit of byte 10,026 of each connection's echo: inside the body of a 64-byte request (68 a packet). */
        CORRUPT_ONCE,
        /** Closes each connection once 1,000 bytes have gone back. */
        HANG_UP,
        /** Reads, never answers. */
        SILENT
    }

    static final int CORRUPTED_BYTE = 147 * 68 + 30;

    private final ServerSocketChannel server;
    private final Behaviour behaviour;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    FakeEchoServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        threads.add(Thread.ofPlatform().daemon().name("fake-echo-accept").start(this::accept));
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                clients.add(client);
                threads.add(Thread.ofPlatform().daemon().name("fake-echo").start(() -> serve(client)));
            }
        } catch (IOException closed) {
            // close() closed the server socket: accepting is over
        }
    }

    private void serve(SocketChannel client) {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        long echoed = 0;
        boolean corrupted = false;
        try (client) {
            while (client.read(buf.clear()) >= 0) {
                buf.flip();
                if (behaviour == Behaviour.SILENT) {
                    continue;
                }
                if (behaviour == Behaviour.CORRUPT_ONCE && !corrupted && echoed + buf.remaining() > CORRUPTED_BYTE) {
                    int at = (int) Math.max(0, CORRUPTED_BYTE - echoed);
                    buf.put(at, (byte) (buf.get(at) ^ 1));
                    corrupted = true;
                }
                echoed += buf.remaining();
                while (buf.hasRemaining()) {
                    client.write(buf);
                }
                if (behaviour == Behaviour.HANG_UP && echoed >= 1_000) {
                    return;
                }
            }
        } catch (IOException e) {
            // the load generator closed its end: this connection is over
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (SocketChannel client : clients) {
            client.close();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
