package drover.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ssl_* settings: which certificate and key TLS listeners present, which versions and suites
 * they accept, and whether they ask clients for a certificate. Checked here only as text (both
 * files or neither, known versions, well-formed suite names); the files themselves are read and
 * matched by {@code drover.common.tls.TlsMaterial} when the server starts.
 *
 * @param certFile         ssl_cert_file, absolute; empty when the server has no certificate
 * @param keyFile          ssl_key_file, absolute; present exactly when certFile is
 * @param protocols        ssl_protocols, in the order given, no repeats
 * @param cipherSuites     ssl_ciphers; empty means the JDK's default suites
 * @param clientCaFile     ssl_client_cert_file, absolute; present exactly when verifyPeer is true
 * @param verifyPeer       ssl_verify_peer
 * @param handshakeTimeout ssl_handshake_timeout
 */
public record TlsSettings(Optional<Path> certFile, Optional<Path> keyFile, List<String> protocols,
                          List<String> cipherSuites, Optional<Path> clientCaFile, boolean verifyPeer,
                          Duration handshakeTimeout) {
    /** Versions older than TLS 1.2 are broken (RFC 8996) and are not even accepted as settings. */
    public static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    // IANA names as the JDK spells them: letters, digits and underscores.
    private static final Pattern SUITE_NAME = Pattern.compile("[A-Za-z0-9_]+");

    public TlsSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** True when a certificate is configured, so listeners marked /ssl can serve. */
    public boolean enabled() {
        return certFile.isPresent();
    }

    static TlsSettings of(LayeredSettings settings) throws ConfigException {
        Optional<Path> cert = settings.optionalPath(Setting.SSL_CERT_FILE);
        Optional<Path> key = settings.optionalPath(Setting.SSL_KEY_FILE);
        Optional<Path> clientCa = settings.optionalPath(Setting.SSL_CLIENT_CERT_FILE);
        boolean verifyPeer = settings.bool(Setting.SSL_VERIFY_PEER);
        TlsSettings tls = new TlsSettings(cert, key, protocols(settings), cipherSuites(settings), clientCa, verifyPeer,
                Duration.ofSeconds(settings.integer(Setting.SSL_HANDSHAKE_TIMEOUT, 1, 3600)));
        requireTogether(settings, Setting.SSL_CERT_FILE, cert.isPresent(), Setting.SSL_KEY_FILE, key.isPresent());
        requireTogether(settings, Setting.SSL_VERIFY_PEER, verifyPeer, Setting.SSL_CLIENT_CERT_FILE, clientCa.isPresent());
        if (verifyPeer && cert.isEmpty()) {
            throw new ConfigException(Setting.SSL_VERIFY_PEER.key() + " is true (from " + settings.source(Setting.SSL_VERIFY_PEER)
                    + ") but " + Setting.SSL_CERT_FILE.key() + " is empty: expected a server certificate for mutual TLS");
        }
        return tls;
    }

    // Half a pair would be silently useless: a certificate without its key cannot serve, and a CA
    // file without ssl_verify_peer would never be asked for.
    private static void requireTogether(LayeredSettings settings, Setting first, boolean firstSet,
                                        Setting second, boolean secondSet) throws ConfigException {
        if (firstSet == secondSet) {
            return;
        }
        Setting given = firstSet ? first : second;
        Setting missing = firstSet ? second : first;
        throw new ConfigException(given.key() + " '" + settings.text(given) + "' (from " + settings.source(given)
                + ") needs " + missing.key() + ", which is " + (missing == Setting.SSL_VERIFY_PEER ? "false" : "empty")
                + ": expected both or neither");
    }

    private static List<String> protocols(LayeredSettings settings) throws ConfigException {
        List<String> protocols = new ArrayList<>();
        for (String item : settings.text(Setting.SSL_PROTOCOLS).split(",", -1)) {
            String name = item.trim();
            if (!KNOWN_PROTOCOLS.contains(name)) {
                throw invalid(settings, Setting.SSL_PROTOCOLS, name.isEmpty() ? "an empty name" : "'" + name + "' is not accepted");
            }
            if (protocols.contains(name)) {
                throw invalid(settings, Setting.SSL_PROTOCOLS, name + " is listed twice");
            }
            protocols.add(name);
        }
        return protocols;
    }

    private static List<String> cipherSuites(LayeredSettings settings) throws ConfigException {
        String text = settings.text(Setting.SSL_CIPHERS);
        List<String> suites = new ArrayList<>();
        if (text.isEmpty()) {
            return suites;
        }
        for (String item : text.split("[,:]", -1)) {
            String name = item.trim();
            if (!SUITE_NAME.matcher(name).matches()) {
                throw invalid(settings, Setting.SSL_CIPHERS, name.isEmpty() ? "an empty name" : "'" + name + "' is not a suite name"
                        + (name.contains("+") || name.contains("!") ? " (OpenSSL cipher strings are not understood)" : ""));
            }
            if (suites.contains(name)) {
                throw invalid(settings, Setting.SSL_CIPHERS, name + " is listed twice");
            }
            suites.add(name);
        }
        return suites;
    }

    private static ConfigException invalid(LayeredSettings settings, Setting setting, String problem) {
        return new ConfigException("invalid " + setting.key() + " = '" + settings.text(setting) + "' from "
                + settings.source(setting) + " (" + problem + "): expected " + setting.accepted());
    }

    /** The text {@link DroverConfig#toProperties()} writes for one of the ssl_* settings. */
    String text(Setting setting) {
        return switch (setting) {
            case SSL_CERT_FILE -> certFile.map(Path::toString).orElse("");
            case SSL_KEY_FILE -> keyFile.map(Path::toString).orElse("");
            case SSL_PROTOCOLS -> String.join(",", protocols);
            case SSL_CIPHERS -> String.join(",", cipherSuites);
            case SSL_CLIENT_CERT_FILE -> clientCaFile.map(Path::toString).orElse("");
            case SSL_VERIFY_PEER -> Boolean.toString(verifyPeer);
            case SSL_HANDSHAKE_TIMEOUT -> Long.toString(handshakeTimeout.toSeconds());
            default -> throw new IllegalArgumentException(setting.key() + " is not a TLS setting");
        };
    }
}
