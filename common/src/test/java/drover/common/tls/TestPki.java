package drover.common.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and certificates a test makes for itself with the openssl command, in a directory the test
 * owns (a @TempDir): a CA, certificates it issues, keys in every PEM form. A machine without openssl
 * skips the test with a message saying so, rather than passing it unchecked.
 */
final class TestPki {
    private static final long OPENSSL_TIMEOUT_SECONDS = 60;
    private final Path dir;
    private int serial = 1;

    TestPki(Path dir) {
        this.dir = dir;
        assumeTrue(opensslWorks(), "openssl is not on the PATH: these tests need it to make their certificates");
    }

    private static boolean opensslWorks() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** A self-signed CA: name.key (PKCS#8 RSA) and name.crt. */
    Path ca(String name, String commonName) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "30", "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return file(name + ".crt");
    }

    /** An RSA key in the traditional PKCS#1 form ("RSA PRIVATE KEY"). */
    Path rsaPkcs1Key(String name) throws IOException {
        openssl("genrsa", "-traditional", "-out", name, "2048");
        return file(name);
    }

    /** An RSA key in PKCS#8 ("PRIVATE KEY"). */
    Path rsaPkcs8Key(String name) throws IOException {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name);
        return file(name);
    }

    /** A P-256 key in the traditional SEC1 form ("EC PRIVATE KEY"), after an "EC PARAMETERS" block as openssl writes it. */
    Path ecSec1Key(String name) throws IOException {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", name);
        return file(name);
    }

    /** A key of any algorithm openssl genpkey knows (EC, ED25519), in PKCS#8. */
    Path pkcs8Key(String name, String... genpkeyOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("genpkey"));
        args.addAll(List.of(genpkeyOptions));
        args.addAll(List.of("-out", name));
        openssl(args.toArray(String[]::new));
        return file(name);
    }

    /** A certificate for {@code key}, with this subject common name, issued by CA {@code ca} (its .crt and .key). */
    Path certificate(String name, Path key, String commonName, String ca) throws IOException {
        openssl("req", "-new", "-key", key.getFileName().toString(), "-subj", "/CN=" + commonName, "-out", name + ".csr");
        // Real clients (curl, openssl s_client) check the name in subjectAltName, not the common name.
        Files.writeString(file(name + ".ext"), "subjectAltName=DNS:" + commonName + ",DNS:localhost,IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-set_serial",
                Integer.toString(serial++), "-days", "30", "-extfile", name + ".ext", "-out", name);
        return file(name);
    }

    /** A file holding the given files one after another, e.g. a leaf and its CA as a chain. */
    Path concat(String name, Path... parts) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path part : parts) {
            text.append(Files.readString(part, StandardCharsets.US_ASCII));
        }
        return Files.writeString(file(name), text, StandardCharsets.US_ASCII);
    }

    void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " did not finish in " + OPENSSL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
