package drover.common.tls;

import drover.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks of a PEM file (RFC 7468): each {@code -----BEGIN LABEL-----} .. {@code -----END LABEL-----}
 * with its base64 body decoded and, for the traditional OpenSSL key forms, its RFC 1421 headers
 * ({@code Proc-Type: 4,ENCRYPTED}). Text outside blocks (openssl's "Bag Attributes", comments) is skipped.
 *
 * @param setting the setting that named the file, for messages: "ssl_cert_file /etc/x.pem ..."
 */
record PemFile(String setting, Path path, List<Block> blocks) {
    /** A PEM file is a few kilobytes; a huge one is a mistake (a wrong path), not a certificate. */
    static final long MAX_BYTES = 1 << 20;
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** One block: its label ("CERTIFICATE", "RSA PRIVATE KEY"), headers and decoded body. */
    record Block(String label, Map<String, String> headers, byte[] der) {
    }

    static PemFile read(String setting, Path path) throws ConfigException {
        String text = readText(setting, path);
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() > BEGIN.length() + DASHES.length()) {
                String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
                i = readBlock(setting, path, lines, i, label, blocks);
            }
        }
        return new PemFile(setting, path, List.copyOf(blocks));
    }

    /** The blocks with this label, in file order. */
    List<Block> withLabel(String label) {
        return blocks.stream().filter(b -> b.label().equals(label)).toList();
    }

    /** "ssl_key_file /etc/key.pem": how messages name this file. */
    String name() {
        return setting + " " + path;
    }

    private static String readText(String setting, Path path) throws ConfigException {
        String name = setting + " " + path;
        try {
            if (!Files.exists(path)) {
                throw new ConfigException(name + " not found: expected a readable PEM file");
            }
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(name + " is not a regular file: expected a readable PEM file");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ConfigException(name + " is " + size + " bytes: expected a PEM file of at most " + MAX_BYTES);
            }
            byte[] bytes = Files.readAllBytes(path);
            // A UTF-8 byte order mark, as some Windows editors write, would hide the first BEGIN line.
            int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
            return new String(bytes, start, bytes.length - start, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + " not found: expected a readable PEM file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(name + " cannot be read (permission denied): expected a file the server's user may read");
        } catch (IOException e) {
            throw new ConfigException(name + " cannot be read (" + e.getMessage() + "): expected a readable PEM file");
        }
    }

    // Returns the index of the END line.
    private static int readBlock(String setting, Path path, String[] lines, int begin, String label, List<Block> blocks)
            throws ConfigException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder base64 = new StringBuilder();
        String end = END + label + DASHES;
        for (int i = begin + 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(end)) {
                blocks.add(new Block(label, Map.copyOf(headers), decode(setting, path, label, begin, base64)));
                return i;
            }
            if (line.startsWith(BEGIN) || line.startsWith(END)) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && base64.isEmpty()) {
                headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            } else {
                base64.append(line);
            }
        }
        throw new ConfigException(setting + " " + path + ": the " + label + " block at line " + (begin + 1)
                + " has no '" + end + "' line: expected a complete PEM block");
    }

    private static byte[] decode(String setting, Path path, String label, int begin, CharSequence base64)
            throws ConfigException {
        try {
            byte[] der = Base64.getDecoder().decode(base64.toString());
            if (der.length == 0) {
                throw new IllegalArgumentException("empty body");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + " " + path + ": the " + label + " block at line " + (begin + 1)
                    + " is not valid base64 (" + e.getMessage() + "): expected a PEM file as openssl writes it");
        }
    }
}
