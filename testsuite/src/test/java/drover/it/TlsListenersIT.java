package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listeners marked /ssl (docs/TLS.md) served to real clients on certificates the test makes:
 * curl, openssl s_client (TLS 1.2 and 1.3), the JDK's HttpClient and SSLSocket, over HTTP and
 * length framing, beside a plaintext listener of the same server; the app sees the handshake in
 * ClientInfo; a client that does not speak TLS ends its own connection alone.
 */
@Timeout(300)
class TlsListenersIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    private TestCertificates pki;
    private int httpsPort;
    private int plainHttpPort;

    private record Run(int exitCode, String out) {}

    @BeforeEach
    void makeCertificates() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v curl && command -v openssl").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "curl or openssl is missing");
        pki = new TestCertificates(cluster.home());
        pki.ca("ca");
        pki.ca("otherca");
        pki.issued("server", "localhost", "ca");
        pki.issued("client", "client-1", "ca");
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The cluster's port speaks length framing over TLS; an HTTPS and a plain HTTP listener beside it. */
    private Status startFaulty(String... settings) throws Exception {
        httpsPort = freePort();
        plainHttpPort = freePort();
        cluster.set("listen=127.0.0.1:" + cluster.port() + "/length/ssl,127.0.0.1:" + httpsPort + "/http/ssl,127.0.0.1:"
                        + plainHttpPort + "/http")
                .set("ssl_cert_file=" + pki.file("server.crt")).set("ssl_key_file=" + pki.file("server.key"))
                .set("package_max_length=20M").set("buffer_output_size=40M");
        for (String setting : settings) {
            cluster.set(setting);
        }
        return cluster.start(DroverCluster.FAULTY_JAR);
    }

    private Run run(String input, String... command) throws Exception {
        Path out = Files.createTempFile(cluster.home(), "run", ".out");
        Process process = new ProcessBuilder(command).directory(cluster.home().toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        if (!process.waitFor(Deadline.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(command[0] + " did not end: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    private Run curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        return run("", command.toArray(String[]::new));
    }

    /** openssl s_client sends one framed "tls" packet on the length listener and prints the reply (FaultyApp closes after it). */
    private Run sClient(String protocolFlag, String caFile, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + cluster.port(),
                protocolFlag, "-CAfile", caFile, "-verify_return_error", "-servername", "localhost", "-quiet"));
        command.addAll(List.of(extra));
        // -quiet ignores the end of stdin: it ends when the server closes, after the reply
        return run("\0\0\0\3tls", command.toArray(String[]::new));
    }

    private EchoClient tlsClient(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        return new EchoClient(socket);
    }

    @Test
    void httpsAndLengthFramedTlsServeRealClientsBesidePlaintext() throws Exception {
        Status status = startFaulty();
        assertTrue(status.toString().contains("127.0.0.1:" + cluster.port() + "/length/ssl, 127.0.0.1:" + httpsPort
                + "/http/ssl, 127.0.0.1:" + plainHttpPort + "/http"), "the status names each listener's TLS: " + status);

        Run https = curl("--cacert", pki.file("ca.crt").toString(), "--data-binary", "posted over TLS",
                "https://127.0.0.1:" + httpsPort + "/echo");
        assertEquals(new Run(0, "posted over TLS"), https);
        Run keptAlive = curl("--cacert", pki.file("ca.crt").toString(), "-w", "|%{http_code}|%{num_connects}\\n",
                "https://localhost:" + httpsPort + "/missing", "https://localhost:" + httpsPort + "/missing");
        assertEquals(new Run(0, "Not Found\n|404|1\nNot Found\n|404|0\n"), keptAlive, "the second request reused the connection");
        Run wrongCa = curl("--cacert", pki.file("otherca.crt").toString(), "https://127.0.0.1:" + httpsPort + "/pid");
        assertEquals(60, wrongCa.exitCode(), "curl refuses a certificate its CA did not sign: " + wrongCa.out());

        HttpClient jdk = HttpClient.newBuilder().sslContext(pki.trusting("ca")).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("from the JDK")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("from the JDK", response.body());

        for (String version : List.of("-tls1_2", "-tls1_3")) {
            Run sClient = sClient(version, "ca.crt");
            String expected = version.equals("-tls1_2") ? "TLSv1.2 TLS_ECDHE_ECDSA_WITH" : "TLSv1.3 TLS_AES_";
            assertTrue(sClient.out().contains(expected), "the app's ClientInfo names the handshake: " + sClient.out());
            assertTrue(sClient.out().contains(" -"), "no client certificate: " + sClient.out());
            assertTrue(!sClient.out().contains("unexpected eof"), "the server's close came with close_notify: " + sClient.out());
        }
        Run refused = sClient("-tls1_3", "otherca.crt");
        assertNotEquals(0, refused.exitCode(), refused.out());

        byte[] body = EchoClient.randomBody(16 << 20, 20);
        try (EchoClient client = tlsClient(pki.trusting("ca"), cluster.port())) {
            client.echo(body); // asserts the 16 MiB packet came back byte for byte
            String info = client.request("tls");
            assertTrue(info.startsWith("TLSv1.3 TLS_AES_") && info.endsWith(" -"), info);
        }
        assertEquals("Hello", curl("--data-binary", "Hello", "http://127.0.0.1:" + plainHttpPort + "/echo").out(),
                "the plain listener beside them");
        cluster.awaitStatus(s -> s.reactorCounter("tls_handshakes") >= 6 && s.reactorCounter("tls_handshake_failed") >= 2,
                "TLS handshakes and the refused ones counted");
    }

    @Test
    void plaintextOrASilentClientOnATlsPortEndsThatConnectionAloneAndIsCounted() throws Exception {
        startFaulty("ssl_handshake_timeout=1");
        try (EchoClient open = tlsClient(pki.trusting("ca"), cluster.port())) {
            open.echo("first".getBytes(StandardCharsets.US_ASCII));

            Run plainCurl = curl("-i", "http://127.0.0.1:" + httpsPort + "/pid");
            assertTrue(plainCurl.out().startsWith("HTTP/1.1 400 Bad Request\r\n")
                    && plainCurl.out().contains("This port speaks TLS: use https:// to reach it."), plainCurl.out());
            try (EchoClient plain = new EchoClient(cluster.port())) {
                plain.sendRaw(EchoClient.packet("plain".getBytes(StandardCharsets.US_ASCII)));
                assertTrue(plain.closedByServer(), "bytes that cannot start a handshake close the connection");
            }

            try (EchoClient silent = new EchoClient(cluster.port())) { // connects, never says hello
                long started = System.nanoTime();
                assertTrue(silent.closedByServer(), "closed after ssl_handshake_timeout");
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "well before the client's own timeout");
            }
            open.echo("still here".getBytes(StandardCharsets.US_ASCII)); // the TLS connection opened before goes on
            assertTrue(open.request("tls").startsWith("TLSv1.3 "));
        }
        cluster.awaitStatus(s -> s.reactorCounter("tls_plaintext") == 2 && s.reactorCounter("tls_handshake_timeouts") == 1,
                "both plaintext connections and the silent one counted");
    }

    @Test
    void mutualTlsNamesTheClientAndRefusesAClientWithoutACertificate() throws Exception {
        startFaulty("ssl_verify_peer=true", "ssl_client_cert_file=" + pki.file("ca.crt"));
        Run withCertificate = sClient("-tls1_3", "ca.crt", "-cert", "client.crt", "-key", "client.key");
        assertTrue(withCertificate.out().contains("TLSv1.3 TLS_AES_") && withCertificate.out().contains(" CN=client-1"),
                "the app sees the verified subject: " + withCertificate.out());
        Run without = sClient("-tls1_2", "ca.crt");
        assertNotEquals(0, without.exitCode(), without.out());
        assertTrue(!without.out().contains("TLSv1.2 TLS_"), "no reply without a certificate: " + without.out());

        SSLContext noCertificate = pki.trusting("ca");
        try (EchoClient client = tlsClient(noCertificate, cluster.port())) {
            assertThrows(IOException.class, () -> client.request("tls"), "the JDK client without a certificate is refused");
        }
        cluster.awaitStatus(s -> s.reactorCounter("tls_handshake_failed") >= 2, "the refused handshakes counted");
    }

    @Test
    void aTlsListenerWithoutACertificateRefusesTheStart() throws Exception {
        cluster.set("listen=127.0.0.1:" + cluster.port() + "/length/ssl");
        CommandResult result = cluster.tryStart(DroverCluster.FAULTY_JAR);
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("has a TLS listener 127.0.0.1:" + cluster.port()
                + "/length/ssl but ssl_cert_file is empty"), result.output());
        assertEquals(List.of(), cluster.ownProcesses());
    }

    /** The subject of the certificate a new TLS connection is shown. */
    private String servedSubject() throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.trusting("ca").getSocketFactory().createSocket("127.0.0.1", cluster.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** Replaces a file as an operator should: a whole new file renamed over the old one. */
    private void replace(String target, String source) throws IOException {
        Path temporary = pki.file(target + ".new");
        Files.copy(pki.file(source), temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, pki.file(target), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aRenewedCertificateIsServedAfterSighupWhileOpenConnectionsGoOnAndABadPairIsRefused() throws Exception {
        pki.issued("renewed", "renewed", "ca");
        startFaulty();
        assertEquals("CN=localhost", servedSubject());
        try (EchoClient open = tlsClient(pki.trusting("ca"), cluster.port())) {
            open.echo("before".getBytes(StandardCharsets.US_ASCII));
            replace("server.crt", "renewed.crt");
            replace("server.key", "renewed.key");
            Run hup = run("", "kill", "-HUP", Long.toString(cluster.managerPid()));
            assertEquals(0, hup.exitCode(), hup.out());
            cluster.awaitStatus(s -> s.toString().contains("CN=renewed"), "status shows the renewed certificate");
            long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
            String subject = servedSubject();
            while (!subject.equals("CN=renewed") && System.nanoTime() < deadline) {
                subject = servedSubject(); // the reactors re-read the files just after the manager did
            }
            assertEquals("CN=renewed", subject, "new handshakes get the renewed certificate");
            open.echo("after".getBytes(StandardCharsets.US_ASCII)); // the connection opened before goes on

            replace("server.key", "client.key"); // half a renewal: the key of another certificate
            CommandResult refused = cluster.script("reload.sh", List.of("--tls", "--run-dir", cluster.runDir().toString()),
                    Duration.ofSeconds(60));
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("TLS certificate reload refused, still serving CN=renewed"), refused.output());
            assertEquals("CN=renewed", servedSubject(), "the pair served before is kept");
            open.echo("still".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(cluster.log().contains("TLS certificate reload refused, still serving CN=renewed"), "logged");
    }
}
