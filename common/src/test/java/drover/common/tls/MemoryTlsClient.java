package drover.common.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK SSLEngine client wired to a {@link TlsSession} through two in-memory buffers, no sockets:
 * {@link #pump()} moves bytes both ways until neither side has anything left to say, the way two
 * event loops would. What each side decrypted goes to a sink the test chooses; failures are kept.
 */
final class MemoryTlsClient {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int WIRE = 64 * 1024;

    final SSLEngine engine;
    final TlsSession server;
    private final ByteBuffer toServer = ByteBuffer.allocate(WIRE);
    private final ByteBuffer toClient = ByteBuffer.allocate(WIRE);
    private ByteBuffer clientPlaintext;
    private ByteBuffer clientOut = EMPTY;
    private ByteBuffer serverOut = EMPTY;
    private final PlaintextSink serverSink;
    private final PlaintextSink clientSink;
    /** Like a reactor, the server reads only when bytes arrived: a session that stalls on input it holds shows. */
    private boolean bytesArrived;
    TlsException serverFailure;
    SSLException clientFailure;
    /** The most ciphertext the server held at once, to check its output budget. */
    int largestServerOutput;
    /** The server writes its records to the wire as it encrypts them (TlsSession.send with a channel), as a reactor does. */
    private boolean writesAsItEncrypts;
    /** The wire to the client: takes what fits in its buffer, as a socket takes what fits in its send buffer. */
    private final WritableByteChannel wire = new WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), toClient.remaining());
            toClient.put(src.slice(src.position(), n));
            src.position(src.position() + n);
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

    MemoryTlsClient(SSLEngine engine, TlsSession server, PlaintextSink serverSink, PlaintextSink clientSink)
            throws SSLException {
        this.engine = engine;
        this.server = server;
        this.serverSink = serverSink;
        this.clientSink = clientSink;
        this.clientPlaintext = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
    }

    /** A client engine trusting {@code cas}, presenting {@code key} and {@code chain} when given (mutual TLS). */
    static SSLEngine clientEngine(List<X509Certificate> cas, TlsMaterial identity, List<String> protocols, List<String> alpn)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", identity.key(), "x".toCharArray(), identity.chain().toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Plaintext the client sends at the next pumps. */
    void clientSends(ByteBuffer plaintext) {
        clientOut = plaintext;
    }

    /** Plaintext the server sends at the next pumps, through {@link TlsSession#send}. */
    void serverSends(ByteBuffer plaintext) {
        serverOut = plaintext;
    }

    /** From now on the server's send writes its records to the wire itself, keeping only what the wire did not take. */
    void writeAsEncrypted() {
        writesAsItEncrypts = true;
    }

    boolean clientSendsMore() {
        return clientOut.hasRemaining();
    }

    boolean serverSendsMore() {
        return serverOut.hasRemaining();
    }

    /** Raw bytes on the wire to the server, as a client that is not TLS would send them. */
    void rawToServer(byte[] bytes) {
        toServer.put(bytes);
        bytesArrived = true;
    }

    /** The layer above made room: the server decrypts what it holds again, as a reactor resumes reading. */
    void resumeServer() {
        bytesArrived = true;
    }

    /** Moves bytes until a round moves none; at most {@code rounds} rounds. */
    void pump(int rounds) {
        for (int i = 0; i < rounds && round(); i++) {
            // each round moved something
        }
    }

    void pump() {
        pump(100_000);
    }

    private boolean round() {
        boolean moved = clientWrap();
        moved |= serverReceive();
        moved |= serverSend();
        moved |= serverWrite();
        moved |= clientUnwrap();
        return moved;
    }

    private boolean clientWrap() {
        boolean moved = false;
        try {
            runTasks();
            while (!engine.isOutboundDone() && toServer.remaining() >= engine.getSession().getPacketBufferSize()) {
                // after a failure the engine holds the fatal alert: a socket client writes it before closing
                boolean handshake = engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                        || clientFailure != null;
                if (!handshake && (!clientOut.hasRemaining() || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING)) {
                    break;
                }
                SSLEngineResult result = engine.wrap(handshake ? EMPTY : clientOut, toServer);
                runTasks();
                if (result.bytesProduced() == 0) {
                    break;
                }
                moved = true;
                bytesArrived = true;
            }
        } catch (SSLException e) {
            moved |= clientFailed(e);
        }
        return moved;
    }

    private boolean serverReceive() {
        if (!bytesArrived || serverFailure != null) {
            return false;
        }
        bytesArrived = false;
        toServer.flip();
        int before = toServer.remaining();
        try {
            server.receive(toServer, serverSink);
        } catch (TlsException e) {
            serverFailure = e;
        }
        boolean moved = toServer.remaining() != before;
        toServer.compact();
        return moved;
    }

    private boolean serverSend() {
        if (!serverOut.hasRemaining() || serverFailure != null) {
            return false;
        }
        try {
            boolean moved = (writesAsItEncrypts ? server.send(serverOut, wire) : server.send(serverOut)) > 0;
            largestServerOutput = Math.max(largestServerOutput, server.pendingOutput());
            return moved;
        } catch (TlsException e) {
            serverFailure = e;
            return true;
        } catch (IOException e) {
            throw new AssertionError("an in-memory write failed", e);
        }
    }

    private boolean serverWrite() {
        try {
            return server.writeTo(wire) > 0;
        } catch (IOException e) {
            throw new AssertionError("an in-memory write failed", e);
        }
    }

    private boolean clientUnwrap() {
        if (toClient.position() == 0 || engine.isInboundDone()) {
            return false;
        }
        toClient.flip();
        int before = toClient.remaining();
        try {
            while (toClient.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(toClient, clientPlaintext);
                runTasks();
                clientPlaintext.flip();
                if (clientPlaintext.hasRemaining()) {
                    clientSink.accept(clientPlaintext);
                }
                clientPlaintext.clear();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    clientPlaintext = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
                } else if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            clientFailed(e);
        }
        boolean moved = toClient.remaining() != before;
        toClient.compact();
        return moved;
    }

    // The first failure counts as progress: the next round writes the alert it left to send.
    private boolean clientFailed(SSLException e) {
        if (clientFailure != null) {
            return false;
        }
        clientFailure = e;
        return true;
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
