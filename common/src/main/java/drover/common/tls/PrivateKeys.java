package drover.common.tls;

import drover.common.config.ConfigException;
import drover.common.tls.Der.DerException;
import drover.common.tls.Der.Element;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * The one private key of a PEM file, in any of the forms openssl writes unencrypted: PKCS#8
 * ({@code PRIVATE KEY}), traditional RSA ({@code RSA PRIVATE KEY}, PKCS#1) and traditional EC
 * ({@code EC PRIVATE KEY}, SEC1). The traditional forms are wrapped into PKCS#8, the only form the
 * JDK's KeyFactory reads. Encrypted keys are refused: the server has no password to ask for.
 */
final class PrivateKeys {
    static final String PKCS8 = "PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
    private static final List<String> KEY_LABELS = List.of(PKCS8, PKCS1_RSA, SEC1_EC, ENCRYPTED_PKCS8, "DSA PRIVATE KEY");

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    /** Key algorithm OIDs of PKCS#8's AlgorithmIdentifier, and the KeyFactory that reads each. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            RSA_OID, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_OID, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private PrivateKeys() {
    }

    static PrivateKey read(PemFile file) throws ConfigException {
        List<PemFile.Block> keys = file.blocks().stream().filter(b -> KEY_LABELS.contains(b.label())).toList();
        if (keys.isEmpty()) {
            throw new ConfigException(file.name() + " holds no private key (found: " + labels(file)
                    + "): expected a PEM block " + PKCS8 + ", " + PKCS1_RSA + " or " + SEC1_EC);
        }
        if (keys.size() > 1) {
            throw new ConfigException(file.name() + " holds " + keys.size() + " private keys: expected exactly one");
        }
        PemFile.Block key = keys.getFirst();
        if (key.label().equals(ENCRYPTED_PKCS8) || key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new ConfigException(file.name() + " holds an encrypted private key: expected an unencrypted one"
                    + " (write one with: openssl pkey -in " + file.path() + " -out key.pem, and keep it readable by the server's user only)");
        }
        try {
            byte[] pkcs8 = switch (key.label()) {
                case PKCS8 -> key.der();
                case PKCS1_RSA -> wrap(key.der(), Der.element(Der.SEQUENCE, Der.element(Der.OID, oidBytes(RSA_OID)),
                        Der.element(Der.NULL)));
                case SEC1_EC -> wrap(key.der(), Der.element(Der.SEQUENCE, Der.element(Der.OID, oidBytes(EC_OID)),
                        curve(key.der(), file)));
                default -> throw new ConfigException(file.name() + " holds a " + key.label()
                        + ": expected a PEM block " + PKCS8 + ", " + PKCS1_RSA + " or " + SEC1_EC);
            };
            return KeyFactory.getInstance(algorithm(pkcs8)).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (DerException | GeneralSecurityException e) {
            throw new ConfigException(file.name() + ": its " + key.label() + " cannot be read (" + e.getMessage()
                    + "): expected a key as openssl writes it");
        }
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the traditional key as an OCTET STRING. */
    private static byte[] wrap(byte[] traditional, byte[] algorithm) {
        return Der.element(Der.SEQUENCE, Der.element(Der.INTEGER, new byte[] {0}), algorithm,
                Der.element(Der.OCTET_STRING, traditional));
    }

    /**
     * SEC1 ECPrivateKey is {version, privateKey, [0] parameters, [1] publicKey}; PKCS#8 wants the curve's OID
     * in the AlgorithmIdentifier. openssl writes [0] in every key; a key without it names no curve.
     */
    private static byte[] curve(byte[] sec1, PemFile file) throws DerException, ConfigException {
        for (Element field : Der.parse(sec1).children()) {
            if (field.tag() == Der.CONTEXT_0) {
                Element parameters = Der.parse(field.value());
                Der.oid(parameters); // a named curve: explicit parameters are refused by the JDK anyway
                return Der.encode(parameters);
            }
        }
        throw new ConfigException(file.name() + ": its " + SEC1_EC + " names no curve: expected a key with its"
                + " parameters (openssl ec -in KEY -param_out) or a PKCS#8 key (openssl pkey -in KEY)");
    }

    private static String algorithm(byte[] pkcs8) throws DerException, GeneralSecurityException {
        List<Element> fields = Der.parse(pkcs8).children();
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) {
            throw new DerException("not a PKCS#8 PrivateKeyInfo");
        }
        String oid = Der.oid(fields.get(1).children().getFirst());
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new GeneralSecurityException("key algorithm " + oid + " is not supported");
        }
        return algorithm;
    }

    // Dotted text back to the value bytes of an OBJECT IDENTIFIER (base-128, first two arcs combined).
    private static byte[] oidBytes(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] values = new long[arcs.length - 1];
        values[0] = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            values[i - 1] = Long.parseLong(arcs[i]);
        }
        for (long value : values) {
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((value >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }

    private static String labels(PemFile file) {
        return file.blocks().isEmpty() ? "no PEM block"
                : String.join(", ", file.blocks().stream().map(PemFile.Block::label).distinct().toList());
    }
}
