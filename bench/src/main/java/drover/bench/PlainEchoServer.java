package drover.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The simplest echo server the JDK allows: one process, a thread per connection, bytes copied
 * straight back, no framing. scripts/bench.sh --only baseline loads it to show what EchoLoad and
 * this machine reach without Drover's processes and links in the way.
 * Usage: PlainEchoServer SECONDS — listens on a free 127.0.0.1 port, prints it, exits after SECONDS.
 */
public final class PlainEchoServer {
    private PlainEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        long seconds;
        try {
            seconds = args.length == 1 ? Long.parseLong(args[0]) : -1;
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > 3600) {
            System.err.println("usage: PlainEchoServer SECONDS (1..3600): how long to serve before exiting");
            System.exit(2);
        }
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
        System.out.flush();
        long lifetimeMillis = seconds * 1000;
        // Bounded by design: a forgotten baseline server must not serve forever.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(lifetimeMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        });
        while (true) {
            SocketChannel client = server.accept();
            Thread.ofPlatform().daemon().start(() -> echo(client));
        }
    }

    private static void echo(SocketChannel client) {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        try (client) {
            while (client.read(buf.clear()) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    client.write(buf);
                }
            }
        } catch (IOException e) {
            // the client went away: this connection is done
        }
    }
}
