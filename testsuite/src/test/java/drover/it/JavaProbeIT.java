package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scripts' JDK probe: JAVA_HOME naming an older JDK, and JAVA_TOOL_OPTIONS meant for JDK 25
 * (which that older JDK refuses), must not stop the scripts from finding JDK 25.
 */
@Timeout(300)
class JavaProbeIT {
    /** Valid on JDK 25; JDK 17 refuses to start with it ("Unrecognized VM option"). */
    private static final String JDK25_ONLY_OPTION = "-XX:+UseCompactObjectHeaders";

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @Test
    void jdk25OptionsInTheEnvironmentDoNotStopTheScriptsWhenJavaHomeIsAnOlderJdk() throws Exception {
        Optional<Path> olderJdk = olderJdk();
        assumeTrue(olderJdk.isPresent(), "no JDK older than 25 under /usr/lib/jvm");
        cluster.env("JAVA_HOME", olderJdk.get().toString()).env("JAVA_TOOL_OPTIONS", JDK25_ONLY_OPTION);

        CommandResult nothingThere = cluster.script("status.sh", List.of("--run-dir", cluster.home().resolve("none").toString()),
                Duration.ofSeconds(30));
        assertEquals(1, nothingThere.exitCode(), nothingThere.output());
        assertTrue(nothingThere.output().contains("no server answers in"), "the CLI ran and said why:\n" + nothingThere.output());

        // every JVM prints "Picked up JAVA_TOOL_OPTIONS" on its standard error, which the test merges into the
        // output: so the test reads the start's output, not the status JSON
        CommandResult started = cluster.tryStart(DroverCluster.ECHO_JAR);
        assertEquals(0, started.exitCode(), started.output() + "\nlog:\n" + cluster.log());
        assertTrue(started.output().contains("drover: started, manager pid"), started.output());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served".getBytes());
        }
        cluster.stop();
    }

    private static Optional<Path> olderJdk() throws IOException {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(dir -> Files.isExecutable(dir.resolve("bin/java")) && Files.isExecutable(dir.resolve("bin/javac")))
                    .filter(dir -> majorVersion(dir) > 0 && majorVersion(dir) < 25)
                    .findFirst();
        }
    }

    // JAVA_VERSION="17.0.12" in the JDK's release file
    private static int majorVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
