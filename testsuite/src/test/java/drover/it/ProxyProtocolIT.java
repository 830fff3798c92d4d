package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A /proxy listener behind a (simulated) balancer on 127.0.0.1, the trusted source: the PROXY header
 * it writes names the client that http-hello's GET /ip and the access log show; a trusted source
 * without a valid header is refused and counted; an untrusted one (127.0.0.2) is served as itself;
 * a listener without /proxy takes a header for a bad request, as before.
 */
@Timeout(300)
class ProxyProtocolIT {
    private static final String GET_IP = "GET /ip HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Sends the bytes from that local address and reads until the server closes (or the timeout). */
    private static String exchange(String from, int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(20)).toMillis());
            socket.getOutputStream().write(bytes);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[4096];
            try {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    got.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return "TIMEOUT " + got.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                // a reset after the close: what came is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] concat(byte[] a, String b) {
        byte[] tail = b.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(a.length + tail.length).put(a).put(tail).array();
    }

    /** A v2 PROXY (or LOCAL) header for TCP over IPv4. */
    private static byte[] v2(boolean local, byte[] source, int sourcePort) {
        ByteBuffer header = ByteBuffer.allocate(16 + 12).put(V2_SIGNATURE).put((byte) (local ? 0x20 : 0x21))
                .put((byte) 0x11).putShort((short) 12);
        header.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) sourcePort).putShort((short) 80);
        return header.array();
    }

    private static boolean logged(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String body(String reply) {
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        return reply.substring(reply.indexOf("\r\n\r\n") + 4).trim();
    }

    @Test
    void theBalancersHeaderNamesTheClientAndAnythingElseFromItIsRefused() throws Exception {
        int proxyPort = freePort();
        Path accessLog = cluster.home().resolve("access.log");
        cluster.alsoListen("127.0.0.1:" + proxyPort + "/http/proxy")
                .set("proxy_protocol_trusted=127.0.0.1").set("proxy_protocol_timeout=1")
                .set("http_access_log=" + accessLog);
        Status status = cluster.start(DroverCluster.HTTP_HELLO_JAR);
        assertTrue(status.toString().contains("127.0.0.1:" + proxyPort + "/http/proxy"), status.toString());

        String v1 = exchange("127.0.0.1", proxyPort,
                ("PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n" + GET_IP).getBytes(StandardCharsets.US_ASCII));
        assertEquals("203.0.113.7", body(v1), "a v1 header's client is the request's");
        String v2 = exchange("127.0.0.1", proxyPort, concat(v2(false, new byte[] {(byte) 198, 51, 100, 9}, 41000), GET_IP));
        assertEquals("198.51.100.9", body(v2), "a v2 header's client is the request's");
        String local = exchange("127.0.0.1", proxyPort, concat(v2(true, new byte[4], 0), GET_IP));
        assertEquals("127.0.0.1", body(local), "a v2 LOCAL header (a health check) keeps the connection's address");

        assertEquals("", exchange("127.0.0.1", proxyPort, GET_IP.getBytes(StandardCharsets.US_ASCII)),
                "a trusted source without a header is closed unanswered");
        assertEquals("", exchange("127.0.0.1", proxyPort, "PROXY TCP4 203.0".getBytes(StandardCharsets.US_ASCII)),
                "a header not whole within proxy_protocol_timeout is closed");
        cluster.awaitStatus(s -> s.reactorCounter("proxy_refused") == 2, "two refusals counted");

        String untrusted = exchange("127.0.0.2", proxyPort, GET_IP.getBytes(StandardCharsets.US_ASCII));
        assertEquals("127.0.0.2", body(untrusted), "an untrusted source is served as itself");
        String plain = exchange("127.0.0.1", cluster.port(), GET_IP.getBytes(StandardCharsets.US_ASCII));
        assertEquals("127.0.0.1", body(plain), "a listener without /proxy serves as before");
        String headerOnPlain = exchange("127.0.0.1", cluster.port(),
                ("PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n" + GET_IP).getBytes(StandardCharsets.US_ASCII));
        assertTrue(headerOnPlain.startsWith("HTTP/1.1 400"), "not honoured off /proxy: " + headerOnPlain);

        cluster.awaitStatus(s -> logged(accessLog, "203.0.113.7 - - ["), "the access log names the original client");
    }
}
