package drover.reactor.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.LengthType;
import drover.common.config.TlsSettings;
import drover.common.frame.FrameType;
import drover.common.frame.TlsConnectPayload;
import drover.common.tls.ServerTlsContext;
import drover.common.tls.TlsContextFactory;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.FakePort;
import drover.reactor.protocol.FramedPacketLayer;
import drover.reactor.protocol.LayerContext;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.ProtocolLayer;
import drover.reactor.protocol.ProtocolStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS layer in a stack on a fake connection, against a JDK client engine through memory. */
class TlsLayerTest {
    private static final int BUDGET = 16 * 1024;

    @TempDir
    static Path dir;
    static ServerTlsContext server;
    static SSLContext client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
                "-out", "server.crt", "-days", "2", "-subj", "/CN=localhost");
        server = TlsContextFactory.create(new TlsSettings(Optional.of(dir.resolve("server.crt")),
                Optional.of(dir.resolve("server.key")), TlsSettings.KNOWN_PROTOCOLS, List.of(), Optional.empty(), false,
                Duration.ofSeconds(10)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        client = SSLContext.getInstance("TLS");
        client.init(null, factory.getTrustManagers(), null);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "openssl cannot be run: these tests need it to make their certificate");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
    }

    private final FakePort port = new FakePort();
    /** How many sessions the port had announced when each packet reached the top. */
    private final List<Integer> announcedAtDelivery = new ArrayList<>();

    private ProtocolStack stack(TlsLayer tls) {
        ProtocolLayer framing = new FramedPacketLayer(new LengthFieldFramer(LengthType.N, 0, 4, 1 << 20));
        ProtocolLayer watching = new ProtocolLayer() { // notes what the worker knew when a packet came
            @Override
            public int onInput(ByteBuffer in, LayerContext context) {
                announcedAtDelivery.add(port.announced.size());
                context.passUp(in);
                return 0;
            }
        };
        return new ProtocolStack(List.of(tls, framing, watching), port);
    }

    private static TlsLayer layer(long handshakeTimeoutNanos) throws Exception {
        return new TlsLayer(server.newEngine(List.of()), new SharedTlsBuffers(), BUDGET, handshakeTimeoutNanos);
    }

    /** A JDK client engine and the bytes between it and the stack, moved as two event loops would. */
    private final class Wire {
        final SSLEngine engine = client.createSSLEngine("localhost", 443);
        final ProtocolStack stack;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final ByteBuffer toServer = ByteBuffer.allocate(1 << 20);
        private ByteBuffer fromServer = ByteBuffer.allocate(1 << 20);
        private int taken;

        Wire(ProtocolStack stack) throws Exception {
            this.stack = stack;
            engine.setUseClientMode(true);
            engine.beginHandshake();
        }

        /** Moves bytes both ways until neither side has more to say; the client sends plaintext when it can. */
        void pump(ByteBuffer plaintext) throws Exception {
            for (int round = 0; round < 1000; round++) {
                boolean moved = false;
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
                // everything the client has to say goes in one segment, as a real client's Finished and first data do
                for (int records = 0; records < 64; records++) {
                    ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                    SSLEngineResult wrapped = engine.wrap(plaintext, net);
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                    if (wrapped.bytesProduced() == 0) {
                        break;
                    }
                    toServer.put(net.flip());
                    moved = true;
                }
                if (toServer.position() > 0) {
                    stack.input(toServer.flip());
                    moved |= toServer.position() > 0;
                    toServer.compact();
                }
                byte[] written = port.written.toByteArray();
                if (written.length > taken) {
                    if (fromServer.remaining() < written.length - taken) {
                        fromServer = ByteBuffer.allocate(fromServer.position() + written.length - taken).put(fromServer.flip());
                    }
                    fromServer.put(written, taken, written.length - taken);
                    taken = written.length;
                    moved = true;
                }
                fromServer.flip();
                while (fromServer.hasRemaining()) {
                    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                    SSLEngineResult result = engine.unwrap(fromServer, out);
                    received.write(out.array(), 0, out.position());
                    if (result.bytesConsumed() == 0 && result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        break;
                    }
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                }
                fromServer.compact();
                if (!moved && !plaintext.hasRemaining()) {
                    return;
                }
            }
        }
    }

    private static ByteBuffer packet(String body) {
        return ByteBuffer.allocate(4 + body.length()).putInt(body.length()).put(body.getBytes(StandardCharsets.US_ASCII)).flip();
    }

    @Test
    void theSessionIsAnnouncedWithItsHandshakeBeforeItsFirstPacket() throws Exception {
        Wire wire = new Wire(stack(layer(Duration.ofSeconds(10).toNanos())));
        wire.pump(packet("first")); // TLS 1.3: the client's Finished and its first packet come together
        assertEquals(List.of("\0\0\0\5first"), port.deliveredText());
        assertEquals(List.of(1), announcedAtDelivery, "the worker knew the session before its packet");
        assertEquals(FrameType.TLS_SESSION_FLAG, port.announcedFlags);
        TlsConnectPayload connect = TlsConnectPayload.decode(ByteBuffer.wrap(port.announced.getFirst()));
        assertEquals("TLSv1.3", connect.info().protocol());
        assertEquals(Optional.empty(), connect.info().peerSubject());
        assertEquals(List.of(LayerEvent.TLS_HANDSHAKE), port.events);
    }

    @Test
    void aReplyWaitsInTheLayerWhileTheConnectionIsFullAndIsCountedAsHeld() throws Exception {
        Wire wire = new Wire(stack(layer(Duration.ofSeconds(10).toNanos())));
        wire.pump(packet("hello"));
        byte[] reply = new byte[200_000];
        new Random(3).nextBytes(reply);
        port.pendingOutput = BUDGET; // the client reads slowly
        int writtenBefore = port.written.size();
        wire.stack.output(ByteBuffer.wrap(reply));
        assertEquals(reply.length, wire.stack.heldOutput(), "held in the layer, counted for the limit and the watermarks");
        assertEquals(writtenBefore, port.written.size(), "nothing encrypted while the connection is full");

        port.pendingOutput = 0; // it read
        wire.stack.outputWritten();
        assertEquals(0, wire.stack.heldOutput());
        wire.pump(ByteBuffer.allocate(0));
        assertArrayEquals(reply, wire.received.toByteArray(), "the whole reply, in order");
    }

    @Test
    void aCloseAfterTheOutputEndsWithCloseNotifyBehindTheReply() throws Exception {
        Wire wire = new Wire(stack(layer(Duration.ofSeconds(10).toNanos())));
        wire.pump(packet("hello"));
        port.pendingOutput = BUDGET;
        wire.stack.output(ByteBuffer.wrap("the last reply".getBytes(StandardCharsets.US_ASCII)));
        wire.stack.closing(); // the worker closed: the reply still waits for room
        assertEquals(14, wire.stack.heldOutput(), "close_notify does not overtake the reply");
        port.pendingOutput = 0;
        wire.stack.outputWritten();
        wire.pump(ByteBuffer.allocate(0));
        assertEquals("the last reply", wire.received.toString(StandardCharsets.US_ASCII));
        assertTrue(wire.engine.isInboundDone(), "the client got close_notify: it knows the reply is whole");
    }

    @Test
    void plaintextHttpIsAnswered400AndClosedAsPlaintext() throws Exception {
        ProtocolStack stack = stack(layer(Duration.ofSeconds(10).toNanos()));
        stack.input(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(port.written.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertEquals(List.of(LayerEvent.TLS_PLAINTEXT), port.events);
        assertTrue(port.closing && port.inputFinished, "closed once the 400 is written; nothing more is read");
        assertEquals(List.of(), port.announced, "the app never hears of it");
        assertEquals(List.of(), port.deliveredText());
    }

    @Test
    void aClientThatDoesNotFinishItsHandshakeInTimeIsResetAndCounted() throws Exception {
        stack(layer(1)); // 1 ns: expired by the time its timer runs
        assertEquals(1, port.timers.size(), "the handshake timer is armed at attach");
        port.timers.getFirst().task().run();
        assertEquals(CloseReason.TLS_HANDSHAKE_TIMEOUT, port.aborted);
        assertEquals(List.of(LayerEvent.TLS_HANDSHAKE_TIMEOUT), port.events);
    }
}
