package drover.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makeCa() throws IOException {
        pki = new TestPki(dir);
        pki.ca("ca", "Drover Test CA");
    }

    private static TlsMaterial loadWithCertificateFor(Path key, String commonName) throws Exception {
        Path cert = pki.certificate(key.getFileName() + ".crt", key, commonName, "ca");
        return TlsMaterial.load(cert, key);
    }

    private static String refusal(Path cert, Path key) {
        return assertThrows(ConfigException.class, () -> TlsMaterial.load(cert, key)).getMessage();
    }

    @Test
    void readsAPkcs8RsaKey() throws Exception {
        TlsMaterial material = loadWithCertificateFor(pki.rsaPkcs8Key("rsa8.key"), "rsa8");
        assertEquals("RSA", material.key().getAlgorithm());
        assertEquals("CN=rsa8", material.subject());
        Instant expiry = material.notAfter();
        assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofDays(29))) && expiry.isBefore(Instant.now().plus(Duration.ofDays(31))),
                "expiry " + expiry);
    }

    @Test
    void readsATraditionalRsaKeyByWrappingItIntoPkcs8() throws Exception {
        Path key = pki.rsaPkcs1Key("rsa1.key");
        assertTrue(Files.readString(key).contains("-----BEGIN RSA PRIVATE KEY-----"), "openssl wrote PKCS#1");
        assertEquals("RSA", loadWithCertificateFor(key, "rsa1").key().getAlgorithm());
    }

    @Test
    void readsATraditionalEcKeyAfterItsParametersBlock() throws Exception {
        Path key = pki.ecSec1Key("ec1.key");
        String text = Files.readString(key);
        assertTrue(text.contains("-----BEGIN EC PARAMETERS-----") && text.contains("-----BEGIN EC PRIVATE KEY-----"), text);
        assertEquals("EC", loadWithCertificateFor(key, "ec1").key().getAlgorithm());
    }

    @Test
    void readsPkcs8EcAndEd25519Keys() throws Exception {
        assertEquals("EC", loadWithCertificateFor(pki.pkcs8Key("ec8.key", "-algorithm", "EC",
                "-pkeyopt", "ec_paramgen_curve:P-384"), "ec8").key().getAlgorithm());
        assertEquals("EdDSA", loadWithCertificateFor(pki.pkcs8Key("ed.key", "-algorithm", "ED25519"), "ed").key().getAlgorithm());
    }

    @Test
    void readsAChainLeafFirstAndRefusesOneInTheWrongOrder() throws Exception {
        Path key = pki.rsaPkcs8Key("chain.key");
        Path leaf = pki.certificate("leaf.crt", key, "leaf", "ca");
        Path chain = pki.concat("chain.pem", leaf, pki.file("ca.crt"));
        TlsMaterial material = TlsMaterial.load(chain, key);
        assertEquals(2, material.chain().size());
        assertEquals("CN=leaf", material.subject());

        Path reversed = pki.concat("reversed.pem", pki.file("ca.crt"), leaf);
        String message = refusal(reversed, key);
        assertTrue(message.contains("ssl_cert_file " + reversed) && message.contains("did not issue"), message);
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificateNamingBothFiles() throws Exception {
        Path cert = pki.certificate("mismatch.crt", pki.rsaPkcs8Key("right.key"), "mismatch", "ca");
        Path wrong = pki.rsaPkcs8Key("wrong.key");
        String message = refusal(cert, wrong);
        assertTrue(message.contains("ssl_key_file " + wrong + " does not match") && message.contains(cert.toString()), message);

        Path ecKey = pki.ecSec1Key("other-type.key");
        String typeMessage = refusal(cert, ecKey);
        assertTrue(typeMessage.contains("the key is EC, the certificate's RSA"), typeMessage);
    }

    @Test
    void refusesEncryptedKeysClearly() throws Exception {
        Path plain = pki.rsaPkcs1Key("plain.key");
        Path cert = pki.certificate("enc.crt", plain, "enc", "ca");
        pki.openssl("pkcs8", "-topk8", "-in", "plain.key", "-passout", "pass:secret", "-out", "enc8.key");
        pki.openssl("rsa", "-in", "plain.key", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "enc1.key");
        for (String name : new String[] {"enc8.key", "enc1.key"}) {
            String message = refusal(cert, pki.file(name));
            assertTrue(message.contains("ssl_key_file " + pki.file(name) + " holds an encrypted private key"), message);
        }
    }

    @Test
    void refusesMissingEmptyAndWrongFilesNamingThem() throws Exception {
        Path key = pki.rsaPkcs8Key("files.key");
        Path cert = pki.certificate("files.crt", key, "files", "ca");
        Path missing = dir.resolve("missing.pem");
        assertEquals("ssl_cert_file " + missing + " not found: expected a readable PEM file", refusal(missing, key));
        assertTrue(refusal(cert, missing).startsWith("ssl_key_file " + missing + " not found"));
        assertTrue(refusal(dir, key).contains("ssl_cert_file " + dir + " is not a regular file"));

        assertTrue(refusal(key, key).contains("ssl_cert_file " + key + " holds no certificate"));
        String noKey = refusal(cert, cert);
        assertTrue(noKey.contains("ssl_key_file " + cert + " holds no private key (found: CERTIFICATE)"), noKey);

        Path cut = Files.writeString(dir.resolve("cut.pem"), Files.readString(cert).lines().limit(4)
                .reduce("", (a, b) -> a + b + "\n"), StandardCharsets.US_ASCII);
        assertTrue(refusal(cut, key).contains("has no '-----END CERTIFICATE-----' line"));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        assertTrue(refusal(cert, garbage).contains("is not valid base64"));
        Path notDer = Files.writeString(dir.resolve("notder.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        assertTrue(refusal(cert, notDer).contains("its PRIVATE KEY cannot be read"));
    }

    @Test
    void aByteOrderMarkAndCrLfLineEndsAreRead() throws Exception {
        Path key = pki.rsaPkcs8Key("windows.key");
        Path cert = pki.certificate("windows.crt", key, "windows", "ca");
        Path edited = dir.resolve("windows-edited.crt");
        byte[] text = Files.readString(cert).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(edited, withBom);
        assertEquals("CN=windows", TlsMaterial.load(edited, key).subject());
    }

    @Test
    void oneFileMayHoldTheKeyAndTheChain() throws Exception {
        Path key = pki.rsaPkcs1Key("both.key");
        Path combined = pki.concat("both.pem", pki.certificate("both.crt", key, "both", "ca"), key);
        assertEquals("CN=both", TlsMaterial.load(combined, combined).subject());
    }
}
