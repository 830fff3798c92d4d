package drover.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drover.common.config.TlsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TlsSession against the clients the issue names, openssl s_client and curl, over a real socket on 127.0.0.1. */
@Timeout(120)
class TlsSessionRealClientTest {
    private static final OneConnectionServer.Answer ECHO_LINE = text -> text.contains("\n") ? text : null;

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makeCertificates() throws IOException {
        pki = new TestPki(dir);
        pki.ca("ca", "Drover Test CA");
        pki.ca("otherca", "Other CA");
        pki.certificate("server.crt", pki.ecSec1Key("server.key"), "localhost", "ca");
        pki.certificate("client.crt", pki.rsaPkcs1Key("client.key"), "client-1", "ca");
    }

    private static ServerTlsContext context(boolean verifyPeer) throws Exception {
        return TlsContextFactory.create(new TlsSettings(Optional.of(dir.resolve("server.crt")), Optional.of(dir.resolve("server.key")),
                TlsSettings.KNOWN_PROTOCOLS, List.of(), verifyPeer ? Optional.of(dir.resolve("ca.crt")) : Optional.empty(),
                verifyPeer, Duration.ofSeconds(10)));
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a client to its end with this standard input; a client still running at the deadline is killed. */
    private static Run run(String input, String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, command[0] + " cannot be run (" + e.getMessage() + "): this test needs it");
            throw e;
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), command[0] + " did not end: " + output);
            return new Run(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Run sClient(int port, String protocolFlag, String caFile, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                protocolFlag, "-CAfile", caFile, "-verify_return_error", "-servername", "localhost", "-quiet"));
        command.addAll(List.of(extra));
        return run("ping\n", command.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void opensslSClientHandshakesAndIsEchoed(String protocolFlag) throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(context(false), ECHO_LINE)) {
            Run client = sClient(server.port(), protocolFlag, "ca.crt");
            server.awaitEnd();
            assertNull(server.failure);
            assertEquals(0, client.exitCode(), client.output());
            assertTrue(client.output().contains("ping"), client.output());
            assertEquals(protocolFlag.equals("-tls1_2") ? "TLSv1.2" : "TLSv1.3", server.info.protocol());
        }
    }

    @Test
    void opensslSClientThatTrustsAnotherCaIsRefused() throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(context(false), ECHO_LINE)) {
            Run client = sClient(server.port(), "-tls1_3", "otherca.crt");
            server.awaitEnd();
            assertNotEquals(0, client.exitCode(), client.output());
            assertNotNull(server.failure, "the server hears the client's alert");
            assertEquals(TlsException.Kind.HANDSHAKE_FAILED, server.failure.kind());
        }
    }

    @Test
    void mutualTlsWithOpensslSClientWithAndWithoutACertificate() throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(context(true), ECHO_LINE)) {
            Run client = sClient(server.port(), "-tls1_3", "ca.crt", "-cert", "client.crt", "-key", "client.key");
            server.awaitEnd();
            assertEquals(0, client.exitCode(), client.output());
            assertTrue(client.output().contains("ping"), client.output());
            assertEquals(Optional.of("CN=client-1"), server.info.peerSubject());
        }
        try (OneConnectionServer server = new OneConnectionServer(context(true), ECHO_LINE)) {
            Run client = sClient(server.port(), "-tls1_2", "ca.crt");
            server.awaitEnd();
            assertNotEquals(0, client.exitCode(), client.output());
            assertEquals(TlsException.Kind.HANDSHAKE_FAILED, server.failure.kind());
        }
    }

    @Test
    void curlGetsAnHttpsAnswerOverHttp11() throws Exception {
        OneConnectionServer.Answer http = text -> !text.contains("\r\n\r\n") ? null
                : "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n";
        try (OneConnectionServer server = new OneConnectionServer(context(false), http)) {
            Run curl = run("", "curl", "-sS", "--cacert", "ca.crt", "https://localhost:" + server.port() + "/");
            server.awaitEnd();
            assertEquals(0, curl.exitCode(), curl.output());
            assertEquals("hello\n", curl.output());
            assertEquals(Optional.of("http/1.1"), server.info.applicationProtocol(), "curl offers h2 and http/1.1");
        }
    }

    @Test
    void plainHttpCurlGetsA400SayingToUseHttps() throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(context(false), ECHO_LINE)) {
            Run curl = run("", "curl", "-sS", "-i", "http://127.0.0.1:" + server.port() + "/");
            server.awaitEnd();
            assertTrue(curl.output().startsWith("HTTP/1.1 400 Bad Request"), curl.output());
            assertTrue(curl.output().contains("This port speaks TLS: use https://"), curl.output());
            assertEquals(TlsException.Kind.PLAINTEXT_HTTP, server.failure.kind());
        }
    }
}
