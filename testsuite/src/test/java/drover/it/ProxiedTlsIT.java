package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A /proxy/ssl listener: the balancer's PROXY v2 header comes in cleartext first, then the client's
 * TLS handshake on the same socket; the app sees both the proxied client address and the TLS session
 * (ClientInfo), from one CONNECT sent after both.
 */
@Timeout(300)
class ProxiedTlsIT {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    private TestCertificates pki;

    @BeforeEach
    void makeCertificates() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v openssl").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "openssl is missing");
        pki = new TestCertificates(cluster.home());
        pki.ca("ca");
        pki.issued("server", "localhost", "ca");
    }

    /** A v2 PROXY header for TCP over IPv4 from 198.51.100.9:41000. */
    private static byte[] v2Header() {
        return ByteBuffer.allocate(16 + 12).put(V2_SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) 12)
                .put(new byte[] {(byte) 198, 51, 100, 9}).put(new byte[] {127, 0, 0, 1})
                .putShort((short) 41000).putShort((short) 443).array();
    }

    @Test
    void theProxyHeaderThenTheHandshakeGiveTheAppBothTheClientAndItsTls() throws Exception {
        cluster.set("listen=127.0.0.1:" + cluster.port() + "/length/proxy/ssl")
                .set("proxy_protocol_trusted=127.0.0.1")
                .set("ssl_cert_file=" + pki.file("server.crt")).set("ssl_key_file=" + pki.file("server.key"));
        Status status = cluster.start(DroverCluster.FAULTY_JAR);
        assertTrue(status.toString().contains("127.0.0.1:" + cluster.port() + "/length/proxy/ssl"), status.toString());

        try (Socket balancer = new Socket()) {
            balancer.connect(new InetSocketAddress("127.0.0.1", cluster.port()), 10_000);
            balancer.getOutputStream().write(v2Header());
            balancer.getOutputStream().flush();
            SSLSocket tls = (SSLSocket) pki.trusting("ca").getSocketFactory()
                    .createSocket(balancer, "localhost", cluster.port(), true);
            try (EchoClient client = new EchoClient(tls)) {
                assertEquals("198.51.100.9", client.request("ip"), "the address the PROXY header named");
                String info = client.request("tls");
                assertTrue(info.startsWith("TLSv1.3 TLS_AES_"), "the TLS session on the same connection: " + info);
            }
        }
        cluster.awaitStatus(s -> s.reactorCounter("tls_handshakes") == 1 && s.reactorCounter("proxy_refused") == 0,
                "one handshake, no refusal");
    }
}
