package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
     * of it; the connection carries on, and a new one gets a 16 MiB echo.
     */
    static void killWorkerWhileABigPacketCrosses(DroverCluster cluster, long victim) throws Exception {
        byte[] body = EchoClient.randomBody(64 * MIB, 3);
        try (EchoClient big = new EchoClient(cluster.port())) {
            big.sendRaw(EchoClient.packet(body));
            cluster.signal(victim, "KILL");
            cluster.awaitStatus(s -> s.workerPid(0) != victim && s.workerPid(0) > 0 && s.isReady(0), "worker respawned");
            big.sendRaw(EchoClient.packet("after".getBytes()));
            byte[] next = readOrLost(big);
            if (next.length == 4 + body.length) {
                assertArrayEquals(EchoClient.packet(body), next, "a big echo that survived is whole");
                next = big.readPacket();
            }
            assertArrayEquals(EchoClient.packet("after".getBytes()), next, "the connection carries on");
        }
        try (EchoClient other = new EchoClient(cluster.port())) {
            other.echo(EchoClient.randomBody(16 * MIB, 5));
        }
    }

    private static byte[] readOrLost(EchoClient client) throws IOException {
        try {
            return client.readPacket();
        } catch (SocketTimeoutException | SocketException e) {
            throw new AssertionError("the connection stopped answering after the worker was killed", e);
        }
    }
}
