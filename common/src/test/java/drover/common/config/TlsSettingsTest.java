package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static String refusal(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets)).getMessage();
    }

    @Test
    void defaultsToNoCertificateAndTls12And13Only() throws ConfigException {
        TlsSettings tls = withSets().tls();
        assertFalse(tls.enabled());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), tls.protocols());
        assertEquals(List.of(), tls.cipherSuites());
        assertFalse(tls.verifyPeer());
        assertEquals(Duration.ofSeconds(10), tls.handshakeTimeout());
    }

    @Test
    void settingsAreReadResolvedAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("ssl_cert_file=tls/cert.pem", "ssl_key_file=tls/key.pem", "ssl_protocols=TLSv1.3",
                "ssl_ciphers=TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256", "ssl_client_cert_file=tls/clients.pem",
                "ssl_verify_peer=true", "ssl_handshake_timeout=3");
        TlsSettings tls = config.tls();
        assertTrue(tls.enabled());
        assertEquals(Optional.of(Path.of("tls/cert.pem").toAbsolutePath()), tls.certFile());
        assertEquals(Optional.of(Path.of("tls/key.pem").toAbsolutePath()), tls.keyFile());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), tls.cipherSuites());
        assertEquals(Optional.of(Path.of("tls/clients.pem").toAbsolutePath()), tls.clientCaFile());
        assertTrue(tls.verifyPeer());
        assertEquals(Duration.ofSeconds(3), tls.handshakeTimeout());
        assertEquals("TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256", config.toProperties().getProperty("ssl_ciphers"));
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
    }

    @Test
    void halfAPairIsRefused() {
        assertEquals("ssl_cert_file '/x/cert.pem' (from --set) needs ssl_key_file, which is empty: expected both or neither",
                refusal("ssl_cert_file=/x/cert.pem"));
        assertTrue(refusal("ssl_key_file=/x/key.pem").startsWith("ssl_key_file '/x/key.pem' (from --set) needs ssl_cert_file"));
        assertEquals("ssl_verify_peer 'true' (from --set) needs ssl_client_cert_file, which is empty: expected both or neither",
                refusal("ssl_cert_file=/c", "ssl_key_file=/k", "ssl_verify_peer=true"));
        assertTrue(refusal("ssl_cert_file=/c", "ssl_key_file=/k", "ssl_client_cert_file=/ca")
                .startsWith("ssl_client_cert_file '/ca' (from --set) needs ssl_verify_peer, which is false"));
        assertTrue(refusal("ssl_client_cert_file=/ca", "ssl_verify_peer=true")
                .contains("ssl_cert_file is empty: expected a server certificate for mutual TLS"));
    }

    @Test
    void oldOrUnknownProtocolsAreRefused() {
        assertEquals("invalid ssl_protocols = 'TLSv1.1,TLSv1.2' from --set ('TLSv1.1' is not accepted): expected "
                + Setting.SSL_PROTOCOLS.accepted(), refusal("ssl_protocols=TLSv1.1,TLSv1.2"));
        assertTrue(refusal("ssl_protocols=TLSv1.3,TLSv1.3").contains("TLSv1.3 is listed twice"));
        assertTrue(refusal("ssl_protocols=").contains("(an empty name)"));
        assertTrue(refusal("ssl_protocols=tlsv1.3").contains("'tlsv1.3' is not accepted"));
    }

    @Test
    void openSslCipherStringsAreRefusedWithWhatIsExpected() {
        String message = refusal("ssl_ciphers=EECDH+AESGCM:!aNULL");
        assertTrue(message.contains("'EECDH+AESGCM' is not a suite name (OpenSSL cipher strings are not understood)"), message);
        assertTrue(message.endsWith("expected " + Setting.SSL_CIPHERS.accepted()), message);
        assertTrue(refusal("ssl_ciphers=TLS_AES_128_GCM_SHA256,,").contains("(an empty name)"));
    }

    @Test
    void handshakeTimeoutIsBounded() {
        assertTrue(refusal("ssl_handshake_timeout=0").contains("(outside 1..3600)"));
        assertTrue(refusal("ssl_verify_peer=yes").startsWith("invalid ssl_verify_peer = 'yes'"));
    }
}
