package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** listen with an IPv4 and an IPv6 address; open_eof_split framing end to end. */
@Timeout(300)
class ListenersAndFramingIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void everyListedAddressServesIPv4AndIPv6() throws Exception {
        int v6Port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            v6Port = probe.getLocalPort();
        }
        Status status = cluster.alsoListen("[::1]:" + v6Port).start();
        assertTrue(status.toString().contains("[::1]:" + v6Port), status.toString());
        try (EchoClient v4 = new EchoClient(cluster.port())) {
            v4.echo("over IPv4".getBytes());
        }
        try (Socket v6 = new Socket()) {
            v6.connect(new InetSocketAddress("::1", v6Port), 10_000);
            byte[] packet = EchoClient.packet("over IPv6".getBytes());
            v6.getOutputStream().write(packet);
            assertArrayEquals(packet, v6.getInputStream().readNBytes(packet.length));
        }
    }

    @Test
    void eofSplitDeliversEachLineAsOnePacket() throws Exception {
        // the echo app sends each packet back: with eof framing, one message per packet
        cluster.set("open_length_check=false").set("open_eof_split=true").set("package_eof=\\r\\n")
                .set("package_max_length=64").start();
        try (Socket client = new Socket("127.0.0.1", cluster.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write("one\r\ntwo\r\nthr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("one\r\ntwo\r\n", new String(in.readNBytes(10), StandardCharsets.US_ASCII));
            out.write("ee\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("three\r\n", new String(in.readNBytes(7), StandardCharsets.US_ASCII));
            out.write(new byte[64]); // no marker within package_max_length
            assertEquals(-1, readUntilClosed(in), "an over-long line closes the connection");
        }
        cluster.awaitLog("without package_eof exceeds package_max_length 64");
    }

    private static int readUntilClosed(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1; // reset counts as closed
        }
    }
}
