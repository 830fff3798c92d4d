package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ssl_* files are read when the server starts: a missing file or a key that does not match its
 * certificate refuses the start, naming the file, before any process is spawned; a good pair starts.
 */
@Timeout(300)
class TlsStartIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @Test
    void aMissingCertificateFileRefusesTheStartNamingIt() throws Exception {
        Path key = selfSigned("server").resolveSibling("server.key");
        Path missing = cluster.home().resolve("no-such-cert.pem");
        cluster.set("ssl_cert_file=" + missing).set("ssl_key_file=" + key);
        CommandResult result = cluster.tryStart(DroverCluster.ECHO_JAR);
        assertEquals(2, result.exitCode(), "BAD_CONFIG:\n" + result.output());
        assertTrue(result.output().contains("ssl_cert_file " + missing + " not found"), result.output());
        assertEquals(List.of(), cluster.ownProcesses());
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateRefusesTheStartNamingBothFiles() throws Exception {
        Path cert = selfSigned("server");
        Path otherKey = selfSigned("other").resolveSibling("other.key");
        cluster.set("ssl_cert_file=" + cert).set("ssl_key_file=" + otherKey);
        CommandResult result = cluster.tryStart(DroverCluster.ECHO_JAR);
        assertEquals(2, result.exitCode(), "BAD_CONFIG:\n" + result.output());
        assertTrue(result.output().contains("ssl_key_file " + otherKey + " does not match the first certificate of ssl_cert_file "
                + cert), result.output());
        assertEquals(List.of(), cluster.ownProcesses());
    }

    @Test
    void aMatchingPairStarts() throws Exception {
        Path cert = selfSigned("server");
        cluster.set("ssl_cert_file=" + cert).set("ssl_key_file=" + cert.resolveSibling("server.key"));
        assertTrue(cluster.start().allReady());
    }

    /** name.crt and name.key (a traditional RSA key) in the test's folder, made by openssl. */
    private Path selfSigned(String name) throws Exception {
        Path dir = cluster.home();
        openssl(dir, "genrsa", "-traditional", "-out", name + ".key", "2048");
        openssl(dir, "req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-days", "2", "-out", name + ".crt");
        return dir.resolve(name + ".crt");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl cannot be run (" + e.getMessage() + "): this test needs it to make its certificates");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "openssl " + String.join(" ", args) + ":\n" + output);
    }
}
