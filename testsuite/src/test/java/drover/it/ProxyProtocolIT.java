package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    /** Answers a request (HTTP) or any packet with what the PROXY header said beyond the address. */
    static final String PROXY_INFO_APP = """
            package proxyinfo;

            import drover.worker.api.ClientInfo;
            import drover.worker.api.DroverApp;
            import drover.worker.api.Server;
            import drover.worker.api.http.HttpApp;
            import drover.worker.api.http.Request;
            import drover.worker.api.http.Response;
            import java.nio.ByteBuffer;
            import java.nio.charset.StandardCharsets;
            import java.util.Optional;

            public final class ProxyInfoApp implements DroverApp, HttpApp {
                static String describe(Optional<ClientInfo> info) {
                    return info.flatMap(ClientInfo::proxy).map(p -> "v" + p.version() + " alpn=" + p.alpn().orElse("-")
                            + " authority=" + p.authority().orElse("-") + " id=" + p.uniqueId().orElse("-") + " ssl="
                            + p.ssl().map(s -> s.clientTls() + "/" + s.version().orElse("-") + "/"
                                    + s.commonName().orElse("-") + "/" + s.certificateVerified()).orElse("-")).orElse("none");
                }

                @Override
                public void onRequest(Request request, Response response) {
                    response.end(describe(request.client()) + "\\n");
                }

                @Override
                public void onReceive(Server server, long sessionId, byte[] data) {
                    byte[] text = describe(server.clientInfo(sessionId)).getBytes(StandardCharsets.UTF_8);
                    server.send(sessionId, ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).array());
                }
            }
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    @TempDir
    Path temp;

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
        return concat(a, b.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A v2 PROXY (or LOCAL) header for TCP over IPv4. */
    private static byte[] v2(boolean local, byte[] source, int sourcePort) {
        return v2(local, source, sourcePort, new byte[0]);
    }

    /** A v2 PROXY (or LOCAL) header for TCP over IPv4, with these TLVs after the addresses. */
    private static byte[] v2(boolean local, byte[] source, int sourcePort, byte[] tlvs) {
        ByteBuffer header = ByteBuffer.allocate(16 + 12 + tlvs.length).put(V2_SIGNATURE).put((byte) (local ? 0x20 : 0x21))
                .put((byte) 0x11).putShort((short) (12 + tlvs.length));
        header.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) sourcePort).putShort((short) 80);
        return header.put(tlvs).array();
    }

    /** One TLV: type, length (16 bits), value. */
    private static byte[] tlv(int type, byte[] value) {
        return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** What HAProxy's send-proxy-v2 with proxy-v2-options ssl,cert-cn,authority,alpn,unique-id sends. */
    private static byte[] haproxyTlvs() {
        byte[] ssl = concat(new byte[] {0x07, 0, 0, 0, 0}, tlv(0x21, ascii("TLSv1.3")), tlv(0x22, ascii("client-1")));
        return concat(tlv(0x01, ascii("h2")), tlv(0x02, ascii("example.com")), tlv(0x05, ascii("7F000001:A1B2_0001")),
                tlv(0x20, ssl));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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

    /** Starts PROXY_INFO_APP, trusting 127.0.0.1, its packet listeners length-framed as the echo example's. */
    static void startProxyInfoApp(DroverCluster cluster, Path temp) throws Exception {
        Path jar = CompiledAppJar.build(temp, "proxy-info", Map.of("proxyinfo/ProxyInfoApp.java", PROXY_INFO_APP),
                Map.of("META-INF/services/drover.worker.api.DroverApp", "proxyinfo.ProxyInfoApp\n",
                        "META-INF/services/drover.worker.api.http.HttpApp", "proxyinfo.ProxyInfoApp\n"), null);
        cluster.set("proxy_protocol_trusted=127.0.0.1").set("open_length_check=true").set("package_length_type=N")
                .set("package_length_offset=0").set("package_body_offset=4").start(jar);
    }

    @Test
    void theHeadersTlvsReachThePacketAppAndTheHttpRequest() throws Exception {
        int packetPort = freePort();
        int httpPort = freePort();
        cluster.alsoListen("127.0.0.1:" + packetPort + "/proxy,127.0.0.1:" + httpPort + "/http/proxy");
        startProxyInfoApp(cluster, temp);
        String expected = "v2 alpn=h2 authority=example.com id=7F000001:A1B2_0001 ssl=true/TLSv1.3/client-1/true";
        byte[] header = v2(false, new byte[] {(byte) 198, 51, 100, 9}, 41000, haproxyTlvs());

        assertEquals(expected, body(exchange("127.0.0.1", httpPort, concat(header, GET_IP))), "on the HTTP request");
        byte[] packet = ByteBuffer.allocate(6).putInt(2).put(ascii("hi")).array();
        try (Socket socket = new Socket("127.0.0.1", packetPort)) {
            socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(20)).toMillis());
            socket.getOutputStream().write(concat(header, packet));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            assertEquals(expected, new String(reply, StandardCharsets.UTF_8), "on the packet app's ClientInfo");
        }
        String v1 = exchange("127.0.0.1", httpPort,
                ("PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n" + GET_IP).getBytes(StandardCharsets.US_ASCII));
        assertEquals("v1 alpn=- authority=- id=- ssl=-", body(v1), "a v1 header: proxied, no TLVs");
        String local = exchange("127.0.0.1", httpPort, concat(v2(true, new byte[4], 0), GET_IP));
        assertEquals("none", body(local), "a LOCAL header: not proxied");
        assertEquals("none", body(exchange("127.0.0.2", httpPort, GET_IP.getBytes(StandardCharsets.US_ASCII))),
                "an untrusted source: not proxied");
    }
}
