package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** The scenario every large-payload path is put through: a worker killed while a large packet crosses to it. */
final class MidTransferKill {
    private static final int MIB = 1 << 20;

    private MidTransferKill() {
    }

    /**
     * Sends a 64 MiB packet, kills {@code victim} (worker#0) while it crosses, and waits for the
     * respawn. The big packet is then lost with the worker or reached its successor whole, never half
     * of it. Its connection is closed when the packet died with the worker (close_on_worker_exit, the
     * default: docs/OPERATIONS.md), else it carries on; either way a new one gets a 16 MiB echo.
     */
    static void killWorkerWhileABigPacketCrosses(DroverCluster cluster, long victim) throws Exception {
        byte[] body = EchoClient.randomBody(64 * MIB, 3);
        try (EchoClient big = new EchoClient(cluster.port())) {
            big.sendRaw(EchoClient.packet(body));
            cluster.signal(victim, "KILL");
            cluster.awaitStatus(s -> s.workerPid(0) != victim && s.workerPid(0) > 0 && s.isReady(0), "worker respawned");
            byte[] next = readOrClosed(big);
            if (next == null) {
                // closed by the reactor, so the client does not wait for an echo that will never come
                cluster.awaitStatus(s -> s.reactorCounter("worker_exit_answers") >= 1, "the close counted");
            } else {
                assertArrayEquals(EchoClient.packet(body), next, "a big echo that survived is whole");
                big.sendRaw(EchoClient.packet("after".getBytes()));
                assertArrayEquals(EchoClient.packet("after".getBytes()), big.readPacket(), "the connection carries on");
            }
        }
        try (EchoClient other = new EchoClient(cluster.port())) {
            other.echo(EchoClient.randomBody(16 * MIB, 5));
        }
    }

    /** The next packet, or null when the server closed the connection (a FIN, or a reset: 64 MiB may be unread). */
    private static byte[] readOrClosed(EchoClient client) throws IOException {
        try {
            return client.readPacket();
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stopped answering after the worker was killed", e);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return null;
            }
            throw e;
        }
    }
}
