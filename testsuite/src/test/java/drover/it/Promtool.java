package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Checks a /metrics page with Prometheus' own linter, {@code promtool check metrics} (Debian package
 * {@code prometheus}; .ci/run installs it). Without promtool on the PATH the check is skipped, saying so
 * on standard error: the rest of the test still runs.
 */
final class Promtool {
    private Promtool() {
    }

    static void check(String page, Path dir) throws Exception {
        Path promtool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        if (promtool == null) {
            System.err.println("SKIPPED promtool check metrics: promtool is not on the PATH"
                    + " (apt-get install prometheus; .ci/run does)");
            return;
        }
        Path in = Files.writeString(dir.resolve("metrics.txt"), page);
        Path out = dir.resolve("promtool.out");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(in.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String said = Files.readString(out);
        assertEquals(0, process.exitValue(), "promtool check metrics refused the page:\n" + said + "\npage:\n" + page);
        assertTrue(said.isBlank(), "promtool check metrics found problems:\n" + said + "\npage:\n" + page);
    }
}
