package drover.common.tls;

import drover.common.config.ConfigException;
import drover.common.config.Setting;
import drover.common.config.TlsSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link ServerTlsContext} from the ssl_* settings: reads the certificate, key and client
 * CAs, and checks every named cipher suite against the JDK's, so that any mistake refuses the start
 * (or the rotation) with a message naming the setting, instead of failing each handshake later.
 */
public final class TlsContextFactory {
    /** The JDK's TLS 1.3 suites; every other suite it knows is for TLS 1.2 and older. */
    private static final Set<String> TLS13_SUITES =
            Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    /** Only in memory, never written: the KeyManagerFactory API wants one. */
    private static final char[] IN_MEMORY_PASSWORD = "drover".toCharArray();

    private TlsContextFactory() {
    }

    /** Reads the files the settings name. */
    public static ServerTlsContext create(TlsSettings settings) throws ConfigException {
        if (!settings.enabled()) {
            throw new IllegalStateException(Setting.SSL_CERT_FILE.key() + " is empty: no TLS context to build");
        }
        TlsMaterial material = TlsMaterial.load(settings.certFile().orElseThrow(), settings.keyFile().orElseThrow());
        List<X509Certificate> clientCas = settings.verifyPeer()
                ? TlsMaterial.certificates(Setting.SSL_CLIENT_CERT_FILE.key(), settings.clientCaFile().orElseThrow())
                : List.of();
        return create(settings, material, clientCas);
    }

    static ServerTlsContext create(TlsSettings settings, TlsMaterial material, List<X509Certificate> clientCas)
            throws ConfigException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(material), trustManagers(clientCas), null);
            checkSuites(settings, context);
            return new ServerTlsContext(context, settings, settings.cipherSuites(), material, Instant.now());
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(Setting.SSL_CERT_FILE.key() + " " + settings.certFile().orElseThrow()
                    + " cannot be used by the JDK's TLS (" + e.getMessage() + "): expected an RSA, EC or EdDSA certificate");
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TlsMaterial material) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", material.key(), IN_MEMORY_PASSWORD, material.chain().toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    // Null without client CAs: the server asks no client for a certificate, so it trusts nothing.
    private static TrustManager[] trustManagers(List<X509Certificate> clientCas) throws GeneralSecurityException, IOException {
        if (clientCas.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < clientCas.size(); i++) {
            store.setCertificateEntry("client-ca-" + i, clientCas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static void checkSuites(TlsSettings settings, SSLContext context) throws ConfigException {
        if (settings.cipherSuites().isEmpty()) {
            return;
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        for (String suite : settings.cipherSuites()) {
            if (!supported.contains(suite)) {
                throw new ConfigException("invalid " + Setting.SSL_CIPHERS.key() + ": '" + suite
                        + "' is not a cipher suite this JDK supports: expected some of " + String.join(", ", supported));
            }
        }
        boolean tls13 = settings.protocols().contains("TLSv1.3") && settings.cipherSuites().stream().anyMatch(TLS13_SUITES::contains);
        boolean tls12 = settings.protocols().contains("TLSv1.2")
                && settings.cipherSuites().stream().anyMatch(suite -> !TLS13_SUITES.contains(suite));
        if (!tls13 && !tls12) {
            throw new ConfigException(Setting.SSL_CIPHERS.key() + " " + settings.cipherSuites() + " has no suite for "
                    + Setting.SSL_PROTOCOLS.key() + " " + settings.protocols() + ": expected a TLS 1.3 suite ("
                    + String.join(", ", TLS13_SUITES) + ") for TLSv1.3, or another for TLSv1.2");
        }
    }
}
