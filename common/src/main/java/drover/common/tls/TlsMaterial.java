package drover.common.tls;

import drover.common.config.ConfigException;
import drover.common.config.Setting;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate chain and its private key, read from ssl_cert_file and ssl_key_file and checked to
 * belong together: a key that does not match the first certificate would fail every handshake, so
 * it refuses the start (or a rotation) with a message naming both files instead.
 *
 * @param chain the server's certificate first, then the CAs that issued it, as the file lists them
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key) {
    public TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    public static TlsMaterial load(Path certFile, Path keyFile) throws ConfigException {
        List<X509Certificate> chain = certificates(PemFile.read(Setting.SSL_CERT_FILE.key(), certFile));
        checkOrder(chain, certFile);
        PrivateKey key = PrivateKeys.read(PemFile.read(Setting.SSL_KEY_FILE.key(), keyFile));
        checkMatch(chain.getFirst(), key, certFile, keyFile);
        return new TlsMaterial(chain, key);
    }

    /** Every CERTIFICATE block of a file, in order; at least one. Used for ssl_client_cert_file's CAs too. */
    public static List<X509Certificate> certificates(String setting, Path path) throws ConfigException {
        return certificates(PemFile.read(setting, path));
    }

    private static List<X509Certificate> certificates(PemFile file) throws ConfigException {
        List<PemFile.Block> blocks = file.withLabel("CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new ConfigException(file.name() + " holds no certificate (no '-----BEGIN CERTIFICATE-----' block):"
                    + " expected PEM certificates");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemFile.Block block : blocks) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        } catch (CertificateException e) {
            throw new ConfigException(file.name() + ": certificate " + (certificates.size() + 1) + " cannot be read ("
                    + e.getMessage() + "): expected X.509 certificates in PEM");
        }
        return certificates;
    }

    // Clients build the path from the leaf up; a chain listed in another order fails on some of them.
    private static void checkOrder(List<X509Certificate> chain, Path certFile) throws ConfigException {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate issued = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (!issued.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                throw new ConfigException(Setting.SSL_CERT_FILE.key() + " " + certFile + ": certificate " + (i + 2)
                        + " (" + next.getSubjectX500Principal().getName() + ") did not issue certificate " + (i + 1) + " ("
                        + issued.getSubjectX500Principal().getName() + "): expected the server's certificate first,"
                        + " then each issuer in turn");
            }
        }
    }

    // Signing with the key and verifying with the certificate's public key works for every key type.
    private static void checkMatch(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) throws ConfigException {
        PublicKey publicKey = leaf.getPublicKey();
        String mismatch = Setting.SSL_KEY_FILE.key() + " " + keyFile + " does not match the first certificate of "
                + Setting.SSL_CERT_FILE.key() + " " + certFile + " (" + leaf.getSubjectX500Principal().getName() + ")";
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new ConfigException(mismatch + ": the key is " + key.getAlgorithm() + ", the certificate's "
                    + publicKey.getAlgorithm() + "; expected the key the certificate was issued for");
        }
        try {
            byte[] probe = "drover key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signed)) {
                throw new ConfigException(mismatch + ": expected the key the certificate was issued for");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(mismatch + " (" + e.getMessage() + "): expected the key the certificate was issued for");
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> Signature.getInstance(keyAlgorithm); // Ed25519, Ed448
        };
    }

    /** The server certificate's subject, e.g. "CN=example.com,O=Example", for status. */
    public String subject() {
        return chain.getFirst().getSubjectX500Principal().getName();
    }

    /** When the server certificate expires. */
    public Instant notAfter() {
        return chain.getFirst().getNotAfter().toInstant();
    }
}
