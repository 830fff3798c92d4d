package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that misbehave on a TLS port, with real sockets and openssl (docs/TLS.md, "What the
 * operator sees"): a flood of ClientHellos that stop or go on with garbage, a TLS 1.2
 * renegotiation, a client that drops its TCP connection mid-stream without close_notify. Each ends
 * its own connection alone and is counted, the memory each holds is bounded, and a well-behaved
 * client is served throughout.
 */
@Timeout(300)
class TlsBadInputIT {
    /** How many connections of each kind the flood opens. */
    private static final int FLOOD = 20;
    /** An application-data record of TLS 1.2 framing whose 32 bytes no key decrypts. */
    private static final byte[] UNDECRYPTABLE = ByteBuffer.allocate(5 + 32).put(new byte[] {0x17, 3, 3, 0, 32})
            .put(new byte[32]).array();
    /** The header of a 16 KiB handshake record whose body never comes: the server waits for it within the handshake timeout. */
    private static final byte[] CUT_RECORD = {0x16, 3, 3, 0x40, 0};

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    private TestCertificates pki;
    private int httpsPort;

    @BeforeEach
    void makeCertificates() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v openssl").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "openssl is missing");
        pki = new TestCertificates(cluster.home());
        pki.ca("ca");
        pki.issued("server", "localhost", "ca");
    }

    /** The cluster's port speaks length framing over TLS (the faulty app echoes), an HTTPS listener beside it. */
    private void start(String... settings) throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            httpsPort = probe.getLocalPort();
        }
        cluster.set("listen=127.0.0.1:" + cluster.port() + "/length/ssl,127.0.0.1:" + httpsPort + "/http/ssl")
                .set("reactor_num=1").set("ssl_cert_file=" + pki.file("server.crt"))
                .set("ssl_key_file=" + pki.file("server.key"));
        for (String setting : settings) {
            cluster.set(setting);
        }
        cluster.start(DroverCluster.FAULTY_JAR);
    }

    private EchoClient tlsClient() throws Exception {
        return new EchoClient(pki.trusting("ca").getSocketFactory().createSocket("127.0.0.1", cluster.port()));
    }

    /** A real ClientHello, as the JDK's client writes it first. */
    private byte[] clientHello() throws Exception {
        SSLEngine engine = pki.trusting("ca").createSSLEngine("localhost", cluster.port());
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static Socket rawConnection(int port, byte[]... sends) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(30)).toMillis());
        OutputStream out = socket.getOutputStream();
        for (byte[] bytes : sends) {
            out.write(bytes);
        }
        out.flush();
        return socket;
    }

    /** Reads what the server sends (its handshake flight, an alert) until it closes or resets; false on a timeout. */
    private static boolean endedByServer(Socket socket) {
        byte[] sink = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(sink) >= 0) {
                // the server's flight and alerts: not what the test waits for
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void aFloodOfClientHellosThatStopOrGoOnWithGarbageEndsEachAloneWhileAClientIsServed() throws Exception {
        start("ssl_handshake_timeout=2");
        byte[] hello = clientHello();
        try (EchoClient served = tlsClient()) {
            served.echo("before".getBytes(StandardCharsets.US_ASCII));
            long directBefore = cluster.awaitStatus(s -> s.reactorCounter("pool_direct_bytes") >= 0, "a first report")
                    .reactorCounter("pool_direct_bytes");
            List<Socket> stopped = new ArrayList<>();
            List<Socket> garbage = new ArrayList<>();
            try {
                for (int i = 0; i < FLOOD; i++) {
                    stopped.add(rawConnection(cluster.port(), hello)); // then silence, mid-handshake
                    stopped.add(rawConnection(cluster.port(), hello, CUT_RECORD)); // a record that never ends
                    garbage.add(rawConnection(cluster.port(), hello, UNDECRYPTABLE));
                    if (i % 5 == 0) {
                        served.echo(("during " + i).getBytes(StandardCharsets.US_ASCII));
                    }
                }
                try (EchoClient newcomer = tlsClient()) { // a full handshake among the flood
                    newcomer.echo("newcomer".getBytes(StandardCharsets.US_ASCII));
                }
                Status flooded = cluster.status();
                assertTrue(flooded.reactorCounter("pool_direct_bytes") - directBefore <= 3L * FLOOD * 32 * 1024,
                        "each connection of the flood holds at most a 32 KiB input buffer: " + flooded);
                for (Socket socket : garbage) {
                    assertTrue(endedByServer(socket), "a record no key decrypts ends the handshake");
                }
                for (Socket socket : stopped) {
                    assertTrue(endedByServer(socket), "closed after ssl_handshake_timeout");
                }
            } finally {
                for (Socket socket : stopped) {
                    socket.close();
                }
                for (Socket socket : garbage) {
                    socket.close();
                }
            }
            served.echo("after".getBytes(StandardCharsets.US_ASCII)); // the connection opened before goes on
            cluster.awaitStatus(s -> s.reactorCounter("tls_handshake_timeouts") == 2 * FLOOD
                            && s.reactorCounter("tls_handshake_failed") == FLOOD && s.reactorCounter("active") == 1,
                    "each connection of the flood counted and gone, the served client left");
        }
    }

    @Test
    void aTls12RenegotiationIsRefusedAndEndsThatConnectionOnly() throws Exception {
        start();
        try (EchoClient served = tlsClient()) {
            served.echo("before".getBytes(StandardCharsets.US_ASCII));
            // without -quiet, a line "R" asks openssl to renegotiate: a new ClientHello on the open TLS 1.2 connection
            Process sClient = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + httpsPort, "-tls1_2",
                    "-CAfile", pki.file("ca.crt").toString(), "-servername", "localhost").redirectErrorStream(true).start();
            Thread.ofVirtual().start(() -> { // the deadline: a client still running then is ended, which ends the reads below
                try {
                    sClient.waitFor(Deadline.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    sClient.destroyForcibly();
                }
            });
            StringBuilder output = new StringBuilder();
            try (OutputStream stdin = sClient.getOutputStream();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(sClient.getInputStream(), StandardCharsets.ISO_8859_1))) {
                readUntil(lines, output, "Verify return code: 0 (ok)");
                stdin.write("R\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                readUntil(lines, output, null); // the server closes: openssl ends without waiting for the end of its input
            } finally {
                sClient.destroyForcibly();
            }
            assertTrue(sClient.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(output.toString().contains("RENEGOTIATING"), output.toString());
            cluster.awaitStatus(s -> s.reactorCounter("tls_renegotiations") == 1 && s.reactorCounter("active") == 1,
                    "the renegotiation counted and its connection gone: " + output);
            served.echo("after".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Reads lines until one contains {@code text} (null: until the end), failing at the end without it. */
    private static void readUntil(BufferedReader lines, StringBuilder output, String text) throws IOException {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            output.append(line).append('\n');
            if (text != null && line.contains(text)) {
                return;
            }
        }
        if (text != null) {
            fail("no \"" + text + "\" before openssl ended: " + output);
        }
    }

    @Test
    void aClientThatDropsTcpMidStreamWithoutCloseNotifyIsCountedAndLeavesNothing() throws Exception {
        start();
        try (EchoClient served = tlsClient()) {
            served.echo("before".getBytes(StandardCharsets.US_ASCII));
            // a request body cut short: the server reads the end of its input, with no close_notify before it
            try (Socket tcp = rawConnection(httpsPort)) {
                SSLSocket tls = (SSLSocket) pki.trusting("ca").getSocketFactory().createSocket(tcp, "localhost", httpsPort, false);
                tls.startHandshake();
                tls.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n"
                        + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                tcp.shutdownOutput(); // the TCP end, under TLS: no close_notify
                assertTrue(endedByServer(tcp), "the server ends the connection");
            }
            // a reply cut short: the client resets while 1.9 MB come (buffer_output_size is 2 MiB)
            try (Socket tcp = rawConnection(httpsPort)) {
                SSLSocket tls = (SSLSocket) pki.trusting("ca").getSocketFactory().createSocket(tcp, "localhost", httpsPort, false);
                tls.getOutputStream().write("GET /big?size=1900000 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                assertTrue(tls.getInputStream().read(new byte[1024]) > 0, "the reply began");
                tcp.setSoLinger(true, 0);
            }
            cluster.awaitStatus(s -> s.reactorCounter("tls_truncated") == 1 && s.reactorCounter("active") == 1
                            && s.reactorCounter("closed") >= 2,
                    "the truncated input counted, both connections closed");
            served.echo("after".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
