package drover.common.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class TlsSessionTest {
    private static final int BUDGET = 64 * 1024;
    private static final List<String> HTTP = List.of("http/1.1");

    @TempDir
    static Path dir;
    static Path serverCert;
    static Path serverKey;
    static List<X509Certificate> ca;
    static List<X509Certificate> otherCa;
    static TlsMaterial client;
    static TlsMaterial stranger;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestPki pki = new TestPki(dir);
        ca = TlsMaterial.certificates("test", pki.ca("ca", "Drover Test CA"));
        otherCa = TlsMaterial.certificates("test", pki.ca("otherca", "Other CA"));
        serverKey = pki.rsaPkcs1Key("server.key");
        serverCert = pki.certificate("server.crt", serverKey, "localhost", "ca");
        Path clientKey = pki.ecSec1Key("client.key");
        client = TlsMaterial.load(pki.certificate("client.crt", clientKey, "client-1", "ca"), clientKey);
        Path strangerKey = pki.ecSec1Key("stranger.key");
        stranger = TlsMaterial.load(pki.certificate("stranger.crt", strangerKey, "stranger", "otherca"), strangerKey);
    }

    private static ServerTlsContext context(boolean verifyPeer) throws Exception {
        return TlsContextFactory.create(new TlsSettings(Optional.of(serverCert), Optional.of(serverKey),
                TlsSettings.KNOWN_PROTOCOLS, List.of(), verifyPeer ? Optional.of(dir.resolve("ca.crt")) : Optional.empty(),
                verifyPeer, Duration.ofSeconds(10)));
    }

    private static TlsSession session(ServerTlsContext context) throws Exception {
        return new TlsSession(context.newEngine(HTTP), BUDGET, System.nanoTime() + Duration.ofSeconds(10).toNanos());
    }

    /** Collects what one side decrypted. */
    static final class Collected implements PlaintextSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public boolean accept(ByteBuffer plaintext) {
            byte[] copy = new byte[plaintext.remaining()];
            plaintext.get(copy);
            bytes.writeBytes(copy);
            return true;
        }

        String text() {
            return bytes.toString(US_ASCII);
        }
    }

    private record Pair(MemoryTlsClient wire, Collected atServer, Collected atClient) {
    }

    private static Pair connect(boolean verifyPeer, List<X509Certificate> trusted, TlsMaterial identity, String protocol,
                                List<String> alpn) throws Exception {
        Collected atServer = new Collected();
        Collected atClient = new Collected();
        MemoryTlsClient wire = new MemoryTlsClient(MemoryTlsClient.clientEngine(trusted, identity, List.of(protocol), alpn),
                session(context(verifyPeer)), atServer, atClient);
        wire.pump();
        return new Pair(wire, atServer, atClient);
    }

    private static Pair connect(String protocol) throws Exception {
        return connect(false, ca, null, protocol, List.of("h2", "http/1.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void handshakesAndCarriesPlaintextBothWays(String protocol) throws Exception {
        Pair pair = connect(protocol);
        TlsSession server = pair.wire().server;
        assertNull(pair.wire().serverFailure);
        assertNull(pair.wire().clientFailure);
        assertEquals(TlsSession.State.OPEN, server.state());
        TlsConnectionInfo info = server.info().orElseThrow();
        assertEquals(protocol, info.protocol());
        assertEquals(protocol, pair.wire().engine.getSession().getProtocol());
        assertEquals(pair.wire().engine.getSession().getCipherSuite(), info.cipherSuite());
        assertEquals(Optional.of("http/1.1"), info.applicationProtocol(), "ALPN picks http/1.1 from the client's h2, http/1.1");
        assertEquals(Optional.empty(), info.peerSubject());

        pair.wire().clientSends(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII)));
        pair.wire().pump();
        assertEquals("GET / HTTP/1.1\r\n\r\n", pair.atServer().text());
        pair.wire().serverSends(ByteBuffer.wrap("HTTP/1.1 204 No Content\r\n\r\n".getBytes(US_ASCII)));
        pair.wire().pump();
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", pair.atClient().text());
    }

    @Test
    void aClientThatOffersNoProtocolOfOursConnectsWithoutAlpn() throws Exception {
        Pair pair = connect(false, ca, null, "TLSv1.3", List.of("h2"));
        assertEquals(TlsSession.State.OPEN, pair.wire().server.state(), String.valueOf(pair.wire().serverFailure));
        assertEquals(Optional.empty(), pair.wire().server.info().orElseThrow().applicationProtocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void mutualTlsTellsTheVerifiedClientSubject(String protocol) throws Exception {
        Pair pair = connect(true, ca, client, protocol, List.of());
        assertEquals(TlsSession.State.OPEN, pair.wire().server.state(), String.valueOf(pair.wire().serverFailure));
        assertEquals(Optional.of("CN=client-1"), pair.wire().server.info().orElseThrow().peerSubject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void mutualTlsRefusesAClientWithoutACertificate(String protocol) throws Exception {
        Pair pair = connect(true, ca, null, protocol, List.of());
        assertRefusedHandshake(pair);
        assertNotNull(pair.wire().clientFailure, "the client hears the alert");
    }

    @Test
    void mutualTlsRefusesAClientCertificateOfAnotherCa() throws Exception {
        assertRefusedHandshake(connect(true, ca, stranger, "TLSv1.3", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aClientThatDoesNotTrustOurCaEndsTheHandshake(String protocol) throws Exception {
        Pair pair = connect(false, otherCa, null, protocol, List.of());
        assertNotNull(pair.wire().clientFailure);
        assertRefusedHandshake(pair);
    }

    private static void assertRefusedHandshake(Pair pair) {
        TlsException failure = pair.wire().serverFailure;
        assertNotNull(failure, "the server must see the handshake fail");
        assertEquals(TlsException.Kind.HANDSHAKE_FAILED, failure.kind(), failure.getMessage());
        assertEquals(TlsSession.State.CLOSED, pair.wire().server.state());
        assertTrue(pair.wire().server.info().isEmpty());
        assertEquals(0, pair.atServer().bytes.size());
    }

    @Test
    void sixteenMebibytesCrossEachWayIntactWhileTheServersOutputStaysWithinItsBudget() throws Exception {
        Pair pair = connect("TLSv1.3");
        MessageDigest sentUp = MessageDigest.getInstance("SHA-256");
        MessageDigest gotUp = MessageDigest.getInstance("SHA-256");
        byte[] up = new byte[16 << 20];
        new Random(20).nextBytes(up);
        sentUp.update(up);
        byte[] down = new byte[16 << 20];
        new Random(21).nextBytes(down);
        ByteBuffer downBuffer = ByteBuffer.wrap(down);

        TlsSession server = pair.wire().server;
        int firstTake = server.send(downBuffer.duplicate());
        int record = server.minimumInputCapacity();
        assertTrue(firstTake > 0 && firstTake <= BUDGET + 16384, "one send takes at most the budget and a record: " + firstTake);
        assertTrue(server.pendingOutput() <= BUDGET + record, "pending " + server.pendingOutput());
        assertEquals(0, server.send(downBuffer.duplicate()), "a spent budget takes nothing until the output is written");

        downBuffer.position(firstTake); // its ciphertext waits in the session and reaches the client first
        ByteArrayOutputStream clientGot = new ByteArrayOutputStream();
        pair.wire().clientSends(ByteBuffer.wrap(up));
        pair.wire().serverSends(downBuffer);
        pair.wire().pump();
        assertNull(pair.wire().serverFailure);
        assertNull(pair.wire().clientFailure);
        gotUp.update(pair.atServer().bytes.toByteArray());
        assertEquals(up.length, pair.atServer().bytes.size());
        assertArrayEquals(sentUp.digest(), gotUp.digest(), "16 MiB client to server");
        clientGot.writeBytes(pair.atClient().bytes.toByteArray());
        assertEquals(down.length, clientGot.size());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(down),
                MessageDigest.getInstance("SHA-256").digest(clientGot.toByteArray()), "16 MiB server to client");
        assertTrue(pair.wire().largestServerOutput <= BUDGET + record,
                "the server held " + pair.wire().largestServerOutput + " bytes of ciphertext, budget " + BUDGET);
    }

    @Test
    void aFullLayerAboveStopsDecryptionAndLeavesTheRestForLater() throws Exception {
        Collected atServer = new Collected();
        int[] calls = {0};
        PlaintextSink full = plaintext -> {
            calls[0]++;
            atServer.accept(plaintext);
            return false;
        };
        MemoryTlsClient wire = new MemoryTlsClient(MemoryTlsClient.clientEngine(ca, null, List.of("TLSv1.3"), List.of()),
                session(context(false)), full, new Collected());
        wire.pump();
        wire.clientSends(ByteBuffer.wrap(new byte[3 * 16384]));
        wire.pump(1);
        assertEquals(1, calls[0], "one record per receive while the layer above is full");
        int firstRecord = atServer.bytes.size();
        assertTrue(firstRecord > 0 && firstRecord <= 16384, "one record's plaintext: " + firstRecord);
        for (int resumes = 0; resumes < 3 && atServer.bytes.size() < 3 * 16384; resumes++) {
            wire.resumeServer();
            wire.pump();
        }
        assertEquals(3 * 16384, atServer.bytes.size(), "each resume decrypts a record more");
    }

    @Test
    void sessionsOfOneThreadMayShareOnePlaintextBuffer() throws Exception {
        ByteBuffer shared = ByteBuffer.allocateDirect(32 * 1024);
        Collected atFirst = new Collected();
        Collected atSecond = new Collected();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MemoryTlsClient first = new MemoryTlsClient(MemoryTlsClient.clientEngine(ca, null, List.of("TLSv1.3"), List.of()),
                new TlsSession(context(false).newEngine(HTTP), BUDGET, deadline, shared), atFirst, new Collected());
        MemoryTlsClient second = new MemoryTlsClient(MemoryTlsClient.clientEngine(ca, null, List.of("TLSv1.2"), List.of()),
                new TlsSession(context(false).newEngine(HTTP), BUDGET, deadline, shared), atSecond, new Collected());
        byte[] a = new byte[100_000];
        byte[] b = new byte[100_000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        first.clientSends(ByteBuffer.wrap(a));
        second.clientSends(ByteBuffer.wrap(b));
        for (int round = 0; round < 1000 && (atFirst.bytes.size() < a.length || atSecond.bytes.size() < b.length); round++) {
            first.pump(1); // the two connections' records take turns through the one buffer
            second.pump(1);
        }
        assertArrayEquals(a, atFirst.bytes.toByteArray());
        assertArrayEquals(b, atSecond.bytes.toByteArray());
    }

    @Test
    void sessionsOfOneThreadMayShareOneCiphertextBufferAndWriteTheirRecordsAsTheyEncryptThem() throws Exception {
        ByteBuffer plaintext = ByteBuffer.allocateDirect(32 * 1024);
        ByteBuffer ciphertext = ByteBuffer.allocateDirect(BUDGET + 17 * 1024);
        Collected atFirst = new Collected();
        Collected atSecond = new Collected();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MemoryTlsClient first = new MemoryTlsClient(MemoryTlsClient.clientEngine(ca, null, List.of("TLSv1.3"), List.of()),
                new TlsSession(context(false).newEngine(HTTP), BUDGET, deadline, plaintext, ciphertext), new Collected(), atFirst);
        MemoryTlsClient second = new MemoryTlsClient(MemoryTlsClient.clientEngine(ca, null, List.of("TLSv1.2"), List.of()),
                new TlsSession(context(false).newEngine(HTTP), BUDGET, deadline, plaintext, ciphertext), new Collected(), atSecond);
        first.pump();
        second.pump();
        byte[] a = new byte[300_000];
        byte[] b = new byte[300_000];
        new Random(3).nextBytes(a);
        new Random(4).nextBytes(b);
        first.writeAsEncrypted();
        second.writeAsEncrypted();
        first.serverSends(ByteBuffer.wrap(a));
        second.serverSends(ByteBuffer.wrap(b));
        for (int round = 0; round < 1000 && (atFirst.bytes.size() < a.length || atSecond.bytes.size() < b.length); round++) {
            first.pump(1); // the wire takes 64 KiB at most: what it leaves waits in each session, in order
            second.pump(1);
        }
        assertNull(first.serverFailure);
        assertNull(second.serverFailure);
        assertArrayEquals(a, atFirst.bytes.toByteArray());
        assertArrayEquals(b, atSecond.bytes.toByteArray());
        int record = first.server.minimumInputCapacity();
        assertTrue(first.largestServerOutput > 0, "the wire was full at times: what it left waited in the session");
        assertTrue(first.largestServerOutput <= BUDGET + record && second.largestServerOutput <= BUDGET + record,
                "each session held at most its budget and a record: " + first.largestServerOutput + ", "
                        + second.largestServerOutput);
        assertEquals(0, first.server.pendingOutput());
    }

    @Test
    void aCiphertextBufferSmallerThanARecordIsRefused() throws Exception {
        var engine = context(false).newEngine(HTTP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TlsSession(engine, BUDGET,
                System.nanoTime(), ByteBuffer.allocate(32 * 1024), ByteBuffer.allocate(4096)));
        assertTrue(e.getMessage().contains("expected at least one record"), e.getMessage());
    }

    @Test
    void aTls12RenegotiationIsRefused() throws Exception {
        Pair pair = connect("TLSv1.2");
        pair.wire().engine.beginHandshake();
        pair.wire().pump();
        assertNotNull(pair.wire().serverFailure);
        assertEquals(TlsException.Kind.RENEGOTIATION, pair.wire().serverFailure.kind());
        assertEquals(TlsSession.State.CLOSED, pair.wire().server.state());
    }

    @Test
    void aTls13KeyUpdateIsNoRenegotiation() throws Exception {
        Pair pair = connect("TLSv1.3");
        pair.wire().engine.beginHandshake(); // TLS 1.3: a KeyUpdate, inside an application record
        pair.wire().clientSends(ByteBuffer.wrap("after".getBytes(US_ASCII)));
        pair.wire().pump();
        assertNull(pair.wire().serverFailure);
        assertEquals("after", pair.atServer().text());
    }

    @Test
    void closeNotifyIsAnsweredAndEndsCleanly() throws Exception {
        Pair pair = connect("TLSv1.3");
        pair.wire().engine.closeOutbound();
        pair.wire().pump();
        assertEquals(TlsSession.State.CLOSED, pair.wire().server.state());
        assertTrue(pair.wire().engine.isInboundDone(), "the server answered with its close_notify");
        assertEquals(TlsSession.Ending.CLOSE_NOTIFY, pair.wire().server.endOfInput());
    }

    @Test
    void anEndWithoutCloseNotifyIsATruncation() throws Exception {
        Pair pair = connect("TLSv1.2");
        pair.wire().clientSends(ByteBuffer.wrap("cut".getBytes(US_ASCII)));
        pair.wire().pump();
        assertEquals(TlsSession.Ending.TRUNCATED, pair.wire().server.endOfInput());
        assertEquals(TlsSession.State.CLOSED, pair.wire().server.state());
    }

    @Test
    void anEndMidHandshakeIsAnAbortedHandshake() throws Exception {
        TlsSession server = session(context(false));
        server.receive(ByteBuffer.wrap(new byte[] {22, 3, 1, 0}), new Collected());
        assertEquals(TlsSession.State.HANDSHAKING, server.state());
        assertEquals(TlsSession.Ending.HANDSHAKE_ABORTED, server.endOfInput());
    }

    @Test
    void plaintextHttpIsAnsweredWithA400AndEnded() throws Exception {
        TlsSession server = session(context(false));
        TlsException failure = assertThrows(TlsException.class, () -> server.receive(
                ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII)), new Collected()));
        assertEquals(TlsException.Kind.PLAINTEXT_HTTP, failure.kind());
        assertEquals(TlsSession.State.CLOSED, server.state());
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        server.writeTo(Channels.newChannel(answer));
        String text = answer.toString(US_ASCII);
        assertTrue(text.startsWith("HTTP/1.1 400 Bad Request\r\n") && text.contains("Connection: close\r\n"), text);
        int body = text.indexOf("\r\n\r\n") + 4;
        assertTrue(text.contains("Content-Length: " + (text.length() - body) + "\r\n"), text);
    }

    @Test
    void bytesThatCannotStartTlsEndTheConnection() throws Exception {
        TlsSession server = session(context(false));
        TlsException failure = assertThrows(TlsException.class,
                () -> server.receive(ByteBuffer.wrap(new byte[] {0, 1, 2}), new Collected()));
        assertEquals(TlsException.Kind.NOT_TLS, failure.kind());
        assertTrue(failure.getMessage().contains("0x00"), failure.getMessage());
        assertEquals(0, server.pendingOutput());
    }

    @Test
    void aForgedRecordAfterTheHandshakeIsABadRecord() throws Exception {
        Pair pair = connect("TLSv1.3");
        byte[] forged = new byte[5 + 32];
        forged[0] = 23; // application data
        forged[1] = 3;
        forged[2] = 3;
        forged[4] = 32;
        pair.wire().rawToServer(forged);
        pair.wire().pump();
        assertNotNull(pair.wire().serverFailure);
        assertEquals(TlsException.Kind.BAD_RECORD, pair.wire().serverFailure.kind());
    }

    @Test
    void nothingIsSentBeforeTheHandshakeAndTheDeadlineCountsOnlyUntilIt() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        TlsSession server = new TlsSession(context(false).newEngine(HTTP), BUDGET, deadline);
        assertEquals(0, server.send(ByteBuffer.wrap(new byte[10])));
        assertFalse(server.handshakeExpired(deadline - 1));
        assertTrue(server.handshakeExpired(deadline));
        Pair pair = connect("TLSv1.3");
        assertFalse(pair.wire().server.handshakeExpired(System.nanoTime() + Duration.ofDays(1).toNanos()));
    }
}
