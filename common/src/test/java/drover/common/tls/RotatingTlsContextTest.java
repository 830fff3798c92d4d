package drover.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.TlsSettings;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingTlsContextTest {
    @TempDir
    Path dir;
    TestPki pki;
    Path cert;
    Path key;
    RotatingTlsContext rotating;

    @BeforeEach
    void serveAFirstPair() throws Exception {
        pki = new TestPki(dir);
        pki.ca("ca", "Drover Test CA");
        Path firstKey = pki.rsaPkcs8Key("first.key");
        Path firstCert = pki.certificate("first.crt", firstKey, "first", "ca");
        cert = Files.copy(firstCert, dir.resolve("server.crt"));
        key = Files.copy(firstKey, dir.resolve("server.key"));
        rotating = RotatingTlsContext.load(new TlsSettings(Optional.of(cert), Optional.of(key), TlsSettings.KNOWN_PROTOCOLS,
                List.of(), Optional.empty(), false, Duration.ofSeconds(10)));
    }

    /** Installs a pair the way an operator does: each file replaced by a rename. */
    private void install(Path newCert, Path newKey) throws Exception {
        Files.copy(newCert, dir.resolve("cert.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("cert.tmp"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.copy(newKey, dir.resolve("key.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("key.tmp"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String subjectANewClientSees() throws Exception {
        TlsSession server = new TlsSession(rotating.current().newEngine(List.of()), 1 << 16, System.nanoTime() + 10_000_000_000L);
        MemoryTlsClient wire = new MemoryTlsClient(MemoryTlsClient.clientEngine(
                TlsMaterial.certificates("test", dir.resolve("ca.crt")), null, List.of("TLSv1.3"), List.of()),
                server, new TlsSessionTest.Collected(), new TlsSessionTest.Collected());
        wire.pump();
        assertNull(wire.serverFailure);
        return wire.engine.getSession().getPeerPrincipal().getName();
    }

    @Test
    void aNewPairServesNewHandshakesAfterAReload() throws Exception {
        assertEquals("CN=first", rotating.current().subject());
        assertEquals("CN=first", subjectANewClientSees());
        ServerTlsContext before = rotating.current();
        Path secondKey = pki.ecSec1Key("second.key");
        install(pki.certificate("second.crt", secondKey, "second", "ca"), secondKey);

        RotatingTlsContext.ReloadOutcome outcome = rotating.reload();
        assertTrue(outcome.applied(), outcome.message());
        assertTrue(outcome.message().contains("CN=second") && outcome.message().contains("was CN=first"), outcome.message());
        assertEquals("CN=second", rotating.current().subject());
        assertEquals("CN=second", subjectANewClientSees());
        assertEquals("CN=first", before.subject(), "a connection that started on the old context keeps it");
    }

    @Test
    void aBadNewPairIsRefusedAndTheOldOneKeepsServing() throws Exception {
        ServerTlsContext before = rotating.current();
        Path strayKey = pki.rsaPkcs8Key("stray.key");
        install(pki.certificate("third.crt", pki.rsaPkcs8Key("third.key"), "third", "ca"), strayKey);

        RotatingTlsContext.ReloadOutcome outcome = rotating.reload();
        assertFalse(outcome.applied());
        assertTrue(outcome.message().startsWith("TLS certificate reload refused, still serving CN=first"), outcome.message());
        assertTrue(outcome.message().contains("ssl_key_file " + key + " does not match"), outcome.message());
        assertSame(before, rotating.current());
        assertEquals("CN=first", subjectANewClientSees());

        Files.delete(cert);
        RotatingTlsContext.ReloadOutcome missing = rotating.reload();
        assertFalse(missing.applied());
        assertTrue(missing.message().contains("ssl_cert_file " + cert + " not found"), missing.message());
        assertSame(before, rotating.current());
    }
}
