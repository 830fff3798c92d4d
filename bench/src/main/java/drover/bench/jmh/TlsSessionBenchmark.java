package drover.bench.jmh;

import drover.common.config.TlsSettings;
import drover.common.tls.ServerTlsContext;
import drover.common.tls.TlsContextFactory;
import drover.common.tls.TlsException;
import drover.common.tls.TlsMaterial;
import drover.common.tls.TlsSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TlsSession against a JDK client engine in the same thread, over buffers in memory: what TLS adds
 * per request before any socket. {@code exchange}: an 80-byte request record decrypted and a
 * 120-byte response encrypted on an open TLS 1.3 connection (an HTTPS keep-alive hello), client work
 * included. {@code handshake}: a full TLS 1.3 handshake without resumption, both sides. Scores are
 * operations per second; the server's share is roughly half of each (the client does the mirror
 * work; in a handshake the server signs and the client verifies). Needs openssl to make its
 * certificate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TlsSessionBenchmark {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** The server key: rsa:2048 or ec (P-256). */
    @Param({"rsa:2048", "ec"})
    public String key;

    private Path dir;
    private ServerTlsContext server;
    private SSLContext client;
    private final ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer clientPlaintext = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer request = ByteBuffer.wrap(Payloads.pattern(80));
    private final ByteBuffer response = ByteBuffer.wrap(Payloads.pattern(120));
    private TlsSession open;
    /** A reactor thread's shared buffers (reactor's SharedTlsBuffers): direct, one record and a batch of ciphertext. */
    private final ByteBuffer sharedPlaintext = ByteBuffer.allocateDirect(32 * 1024);
    private final ByteBuffer sharedCiphertext = ByteBuffer.allocateDirect(81 * 1024);
    private SSLEngine openClient;
    private final WritableByteChannel intoToClient = new WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            toClient.put(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("drover-tls-bench");
        String newKey = key.startsWith("rsa") ? key : "ec";
        List<String> command = newKey.equals("ec")
                ? List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost")
                : List.of("openssl", "req", "-x509", "-newkey", newKey, "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                        "-days", "2", "-subj", "/CN=localhost");
        Process openssl = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + output);
        }
        Path cert = dir.resolve("cert.pem");
        server = TlsContextFactory.create(new TlsSettings(Optional.of(cert), Optional.of(dir.resolve("key.pem")),
                List.of("TLSv1.3"), List.of(), Optional.empty(), false, Duration.ofSeconds(10)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", TlsMaterial.certificates("bench", cert).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        openClient = clientEngine();
        open = connect(openClient);
    }

    @TearDown(Level.Trial)
    public void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public TlsSession handshake() throws Exception {
        return connect(clientEngine());
    }

    @Benchmark
    public int exchange() throws Exception {
        toServer.clear();
        openClient.wrap(request.duplicate(), toServer);
        toServer.flip();
        int[] got = {0};
        open.receive(toServer, plaintext -> {
            got[0] += plaintext.remaining();
            plaintext.position(plaintext.limit());
            return true;
        });
        toClient.clear();
        open.send(response.duplicate(), intoToClient); // as the reactor does: written as encrypted
        toClient.flip();
        clientPlaintext.clear();
        while (toClient.hasRemaining()) {
            openClient.unwrap(toClient, clientPlaintext);
        }
        return got[0] + clientPlaintext.position();
    }

    // No host and port: the client caches no session, so every handshake is a full one.
    private SSLEngine clientEngine() {
        SSLEngine engine = client.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        return engine;
    }

    private TlsSession connect(SSLEngine clientEngine) throws Exception {
        TlsSession session = new TlsSession(server.newEngine(List.of("http/1.1")), 64 * 1024,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(10), sharedPlaintext, sharedCiphertext);
        clientEngine.beginHandshake();
        toServer.clear();
        toClient.clear();
        // Both buffers stay in fill mode between turns: bytes one side could not take yet wait there.
        for (int round = 0; round < 20 && (session.state() == TlsSession.State.HANDSHAKING
                || session.pendingOutput() > 0 || toClient.position() > 0); round++) {
            wrapClient(clientEngine);
            toServer.flip();
            session.receive(toServer, plaintext -> true);
            toServer.compact();
            session.writeTo(intoToClient); // with the handshake, a TLS 1.3 session ticket
            toClient.flip();
            unwrapClient(clientEngine);
            toClient.compact();
        }
        if (session.state() != TlsSession.State.OPEN || toClient.position() > 0) {
            throw new TlsException(TlsException.Kind.HANDSHAKE_FAILED, "benchmark handshake did not finish", null);
        }
        return session;
    }

    private void wrapClient(SSLEngine engine) throws IOException {
        while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            engine.wrap(EMPTY, toServer);
            runTasks(engine);
        }
    }

    private void unwrapClient(SSLEngine engine) throws IOException {
        while (toClient.hasRemaining()) {
            clientPlaintext.clear();
            SSLEngineResult result = engine.unwrap(toClient, clientPlaintext);
            runTasks(engine);
            if (result.bytesConsumed() == 0 || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
