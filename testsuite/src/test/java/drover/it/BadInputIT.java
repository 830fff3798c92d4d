package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class BadInputIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("package_max_length=64K");

    @Test
    void overLengthPacketClosesOnlyThatConnection() throws Exception {
        cluster.start();
        try (EchoClient good = new EchoClient(cluster.port()); EchoClient bad = new EchoClient(cluster.port())) {
            good.echo("first".getBytes());
            // declares 1 MiB against package_max_length 64 KiB; no body byte is ever sent
            bad.sendRaw(ByteBuffer.allocate(4).putInt(1024 * 1024).array());
            assertTrue(bad.closedByServer(), "the server must close the over-length connection");
            good.echo("still served".getBytes());
            good.echo(new byte[60 * 1024]);
        }
        cluster.awaitLog("exceeds package_max_length 65536");
    }

    @Test
    void clientThatDisconnectsMidPacketDoesNotDisturbOthers() throws Exception {
        cluster.start();
        try (EchoClient good = new EchoClient(cluster.port())) {
            try (EchoClient quitter = new EchoClient(cluster.port())) {
                quitter.sendRaw(new byte[] {0, 0, 1, 0, 'x', 'y'}); // 256 declared, 2 sent
            }
            good.echo("after a half packet".getBytes());
        }
    }
}
