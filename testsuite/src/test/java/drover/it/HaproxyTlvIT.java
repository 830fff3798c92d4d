package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's HAProxy terminates the client's TLS and sends PROXY v2 with its SSL, authority and
 * unique id TLVs (send-proxy-v2-ssl-cn, proxy-v2-options) to a /http/proxy listener: the app sees
 * them on the HTTP request's ClientInfo.proxy(). Skipped without haproxy, openssl or curl.
 */
@Timeout(180)
class HaproxyTlvIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);
    @TempDir
    Path temp;
    private Process haproxy;

    @AfterEach
    void stopHaproxy() {
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
    }

    @Test
    void haproxysTlvsReachTheApp() throws Exception {
        for (String tool : List.of("haproxy", "openssl", "curl")) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            Assumptions.assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, tool + " missing: skipped");
        }
        int drover = FreePorts.one();
        int frontend = FreePorts.one();
        cluster.alsoListen("127.0.0.1:" + drover + "/http/proxy");
        ProxyProtocolIT.startProxyInfoApp(cluster, temp);

        Path pem = temp.resolve("haproxy.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=example.com", "-days", "1",
                "-keyout", temp.resolve("key.pem").toString(), "-out", temp.resolve("cert.pem").toString()));
        Files.writeString(pem, Files.readString(temp.resolve("cert.pem")) + Files.readString(temp.resolve("key.pem")));
        Path config = Files.writeString(temp.resolve("haproxy.cfg"), String.join("\n",
                "global", "    maxconn 100",
                "defaults", "    mode http", "    timeout connect 2s", "    timeout client 10s", "    timeout server 10s",
                "frontend tls_in",
                "    bind 127.0.0.1:" + frontend + " ssl crt " + pem + " alpn http/1.1",
                "    unique-id-format id-%ci",
                "    default_backend drover",
                "backend drover",
                "    server d 127.0.0.1:" + drover + " send-proxy-v2-ssl-cn proxy-v2-options authority,unique-id,ssl-cipher",
                ""));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("haproxy.log").toFile()).start();

        String body = "";
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        while (!body.startsWith("v2 ")) { // HAProxy listens a moment after it started
            assertTrue(haproxy.isAlive(), "haproxy exited: " + Files.readString(temp.resolve("haproxy.log")));
            assertTrue(System.nanoTime() - deadline < 0, "no answer through HAProxy: " + body);
            body = run(List.of("curl", "-sk", "--max-time", "5", "--resolve", "example.com:" + frontend + ":127.0.0.1",
                    "https://example.com:" + frontend + "/"));
            haproxy.waitFor(100, TimeUnit.MILLISECONDS); // a poll interval that ends early if haproxy exits
        }
        assertEquals("v2 alpn=http/1.1 authority=example.com id=id-127.0.0.1 ssl=true/TLSv1.3/-/true", body.trim());
    }

    /** Runs a command to its end; its standard output. */
    private String run(List<String> command) throws Exception {
        Path out = temp.resolve("command.out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(temp.resolve("command.err").toFile()).start();
        assertTrue(process.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS),
                command + " did not finish");
        return Files.readString(out);
    }
}
