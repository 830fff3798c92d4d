package drover.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigException;
import drover.common.config.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextFactoryTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void makePair() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.ca("ca", "Drover Test CA");
        key = pki.ecSec1Key("server.key");
        cert = pki.certificate("server.crt", key, "localhost", "ca");
    }

    private static TlsSettings settings(List<String> protocols, List<String> suites, boolean verifyPeer) {
        return new TlsSettings(Optional.of(cert), Optional.of(key), protocols, suites,
                verifyPeer ? Optional.of(dir.resolve("ca.crt")) : Optional.empty(), verifyPeer, Duration.ofSeconds(10));
    }

    @Test
    void enginesUseTheConfiguredVersionsSuitesAndClientAuth() throws Exception {
        List<String> suites = List.of("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        SSLEngine engine = TlsContextFactory.create(settings(List.of("TLSv1.3"), suites, true)).newEngine(List.of());
        assertEquals(List.of("TLSv1.3"), Arrays.asList(engine.getEnabledProtocols()));
        assertEquals(suites, Arrays.asList(engine.getEnabledCipherSuites()));
        assertTrue(engine.getNeedClientAuth());
        assertTrue(engine.getSSLParameters().getUseCipherSuitesOrder());

        SSLEngine defaults = TlsContextFactory.create(settings(TlsSettings.KNOWN_PROTOCOLS, List.of(), false)).newEngine(List.of());
        assertEquals(TlsSettings.KNOWN_PROTOCOLS, Arrays.stream(defaults.getEnabledProtocols()).sorted().toList());
        assertTrue(!defaults.getNeedClientAuth() && !defaults.getWantClientAuth());
    }

    @Test
    void aSuiteTheJdkDoesNotKnowIsRefusedNamingIt() {
        String message = assertThrows(ConfigException.class, () -> TlsContextFactory.create(
                settings(TlsSettings.KNOWN_PROTOCOLS, List.of("TLS_AES_128_GCM_SHA256", "TLS_NO_SUCH_SUITE"), false))).getMessage();
        assertTrue(message.startsWith("invalid ssl_ciphers: 'TLS_NO_SUCH_SUITE' is not a cipher suite this JDK supports"), message);
        assertTrue(message.contains("TLS_AES_256_GCM_SHA384"), "lists what is supported: " + message);
    }

    @Test
    void suitesThatFitNoConfiguredVersionAreRefused() {
        String message = assertThrows(ConfigException.class, () -> TlsContextFactory.create(
                settings(List.of("TLSv1.3"), List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), false))).getMessage();
        assertTrue(message.contains("has no suite for ssl_protocols [TLSv1.3]"), message);
    }

    @Test
    void aMissingClientCaFileIsRefusedNamingIt() {
        TlsSettings missingCa = new TlsSettings(Optional.of(cert), Optional.of(key), TlsSettings.KNOWN_PROTOCOLS, List.of(),
                Optional.of(dir.resolve("clients.pem")), true, Duration.ofSeconds(10));
        String message = assertThrows(ConfigException.class, () -> TlsContextFactory.create(missingCa)).getMessage();
        assertEquals("ssl_client_cert_file " + dir.resolve("clients.pem") + " not found: expected a readable PEM file", message);
    }
}
