package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many connections, max_conn, the heartbeat's idle close, and running out of file descriptors. */
@Timeout(300)
class ConnectionLimitsIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void twoThousandConcurrentConnectionsAreEachServed() throws Exception {
        cluster.start();
        assertEquals(2000, echoOnEach(2000, false), "every connection got its echo");
    }

    @Test
    void connectionsBeyondMaxConnAreClosedAtOnceAndAPlaceFreesUpOnClose() throws Exception {
        cluster.set("max_conn=4").start();
        List<EchoClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(new EchoClient(cluster.port()));
                held.getLast().echo(("held " + i).getBytes());
            }
            assertTrue(fifthConnectionIsClosed(), "the fifth connection is closed");
            cluster.awaitLog("max_conn 4 reached");
            held.removeFirst().close();
            awaitServedConnection(); // the closed one's place is given back
        } finally {
            for (EchoClient c : held) {
                c.close();
            }
        }
    }

    private boolean fifthConnectionIsClosed() throws IOException {
        try (EchoClient refused = new EchoClient(cluster.port())) {
            return refused.closedByServer();
        } catch (SocketException e) {
            // The reactor accepted and reset it before Socket.connect looked: connect reports the reset.
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return true;
            }
            throw e;
        }
    }

    private void awaitServedConnection() throws Exception {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        while (System.nanoTime() < deadline) {
            try (EchoClient next = new EchoClient(cluster.port())) {
                next.echo("a place is free".getBytes());
                return;
            } catch (IOException e) {
                // refused while the reactor has not yet seen the close: try again until the deadline
            }
        }
        fail("no connection was served after one closed");
    }

    @Test
    void idleConnectionIsClosedByTheHeartbeatAndABusyOneIsNot() throws Exception {
        cluster.set("heartbeat_check_interval=1").set("heartbeat_idle_time=2").start();
        try (EchoClient idle = new EchoClient(cluster.port()); EchoClient busy = new EchoClient(cluster.port())) {
            idle.echo("then silence".getBytes());
            long lastSent = System.nanoTime();
            busy.echo("first".getBytes());
            // the busy client keeps talking (each echo a full round trip) until the idle one is closed
            boolean closed = false;
            while (!closed && System.nanoTime() - lastSent < Duration.ofSeconds(20).toNanos()) {
                busy.echo("keep alive".getBytes());
                closed = closedNow(idle);
            }
            assertTrue(closed, "the idle connection was closed");
            long idleMillis = (System.nanoTime() - lastSent) / 1_000_000;
            assertTrue(idleMillis >= 2000, "closed after " + idleMillis + " ms, before heartbeat_idle_time");
            busy.echo("still open".getBytes());
        }
    }

    private static boolean closedNow(EchoClient client) throws IOException {
        client.socket().setSoTimeout(1);
        try {
            return client.closedByServer();
        } finally {
            client.socket().setSoTimeout(30_000);
        }
    }

    @Test
    void outOfFileDescriptorsPausesAcceptWithoutSpinningAndServesEveryoneLater() throws Exception {
        cluster.withOpenFileLimit(160).start();
        long started = System.nanoTime();
        assertEquals(300, echoOnEach(300, true), "every client is served once others leave");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        String log = cluster.log();
        int backoffs = SessionOrderIT.count(log, "accept failed (Too many open files");
        assertTrue(backoffs >= 1, "the reactor did run out of descriptors:\n" + log);
        // at most one pause per 100 ms: a spinning acceptor would log thousands
        assertTrue(backoffs <= elapsedMillis / 100 + 2, backoffs + " back-offs in " + elapsedMillis + " ms");
    }

    /**
     * Opens n connections at once from one thread, sends a packet on each, and reads the echoes in
     * whatever order they come. With closeWhenServed each connection closes once echoed, so clients
     * waiting in the backlog can be accepted; otherwise all stay open until every echo is in.
     */
    private int echoOnEach(int n, boolean closeWhenServed) throws Exception {
        Map<SocketChannel, ByteBuffer> pending = new HashMap<>();
        List<SocketChannel> all = new ArrayList<>();
        int served = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < n; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", cluster.port()));
                all.add(channel);
                byte[] body = ("client " + i).getBytes();
                channel.write(ByteBuffer.wrap(EchoClient.packet(body)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                pending.put(channel, ByteBuffer.allocate(4 + body.length));
            }
            long deadline = Deadline.nanosFromNow(Duration.ofSeconds(90));
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    ByteBuffer reply = pending.get(channel);
                    if (channel.read(reply) < 0) {
                        fail("connection closed before its echo, " + served + " served");
                    }
                    if (!reply.hasRemaining()) {
                        pending.remove(channel);
                        key.cancel();
                        served++;
                        if (closeWhenServed) {
                            channel.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (SocketChannel c : all) {
                c.close();
            }
        }
        return served;
    }
}
