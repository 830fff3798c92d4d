package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * drover-app-archetype as an app author uses it: both flavours generated with archetype:generate
 * against a local repository of the test's own that holds the installed Drover artifacts, then
 * built with Maven, which runs each project's own AppTest: drover-test boots a real server from the
 * app and the test talks to it (TCP lines, HTTP requests).
 *
 * <p>The artifacts are put into that repository as {@code ./mvnw install -pl api,test,archetype -am}
 * lays them out, copied from the jars this build made: running that command here would rebuild the
 * jars that the other end-to-end tests run from at the same time. Plugins come from the machine's
 * repository first, as in AppProjectRecipeIT, so no network is needed where the Drover build ran.
 */
@Timeout(420)
class ArchetypeIT {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate";

    private Path home;

    @Test
    void bothFlavoursGenerateBuildAndPassTheirOwnTestAgainstARealServer() throws Exception {
        home = Files.createTempDirectory("drover-archetype-it");
        Path repository = installDroverArtifacts(home.resolve("m2"));
        Path settings = AppProjectRecipeIT.writeSettings(home);
        Path projects = Files.createDirectories(home.resolve("projects"));
        for (String flavour : List.of("tcp", "http")) {
            maven(List.of(ARCHETYPE_PLUGIN, "-DinteractiveMode=false", "-DarchetypeCatalog=internal",
                    "-DarchetypeGroupId=io.drover", "-DarchetypeArtifactId=drover-app-archetype", "-DarchetypeVersion=" + VERSION,
                    "-DgroupId=com.example", "-DartifactId=" + flavour + "-app", "-Dversion=1.0",
                    "-Dpackage=com.example." + flavour, "-Dflavour=" + flavour),
                    projects, settings, repository, home.resolve("generate-" + flavour + ".out"));
        }
        assertTrue(Files.exists(projects.resolve("tcp-app/src/main/resources/META-INF/services/drover.worker.api.DroverApp")));
        assertFalse(Files.exists(projects.resolve("tcp-app/src/main/resources/META-INF/services/drover.worker.api.http.HttpApp")));
        assertTrue(Files.exists(projects.resolve("http-app/src/main/resources/META-INF/services/drover.worker.api.http.HttpApp")));
        assertFalse(Files.exists(projects.resolve("http-app/src/main/resources/META-INF/services/drover.worker.api.DroverApp")));

        // one Maven run builds both (an aggregator, as a multi-app repository would have)
        Files.writeString(projects.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId><artifactId>apps</artifactId><version>1.0</version><packaging>pom</packaging>
                  <modules><module>tcp-app</module><module>http-app</module></modules>
                </project>
                """);
        // the servers AppTest starts put their folders here, where the cleanup below finds them
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        String output = maven(List.of("package", "-DargLine=-Djava.io.tmpdir=" + tmp), projects, settings, repository,
                home.resolve("package.out"));
        for (String test : List.of("com.example.tcp.AppTest", "com.example.http.AppTest")) {
            assertTrue(Pattern.compile("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [\\d.]+ s -- in "
                    + Pattern.quote(test)).matcher(output).find(), test + " did not run and pass:\n" + output);
        }
        assertTrue(Files.isRegularFile(projects.resolve("tcp-app/target/tcp-app.jar")));
        assertTrue(Files.isRegularFile(projects.resolve("http-app/target/http-app.jar")));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (home == null) {
            return;
        }
        String marker = home.toString();
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        left.forEach(p -> p.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join());
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        assertEquals(List.of(), left.stream().map(ProcessHandle::pid).toList(), "processes the build left running");
    }

    /** The parent POM and each module's jar and POM, where Maven's install puts them. */
    private static Path installDroverArtifacts(Path repository) throws IOException {
        Path repo = DroverCluster.REPO;
        install(repository, "drover-parent", repo.resolve("pom.xml"), null);
        for (String module : List.of("api", "common", "manager", "reactor", "worker", "test")) {
            install(repository, "drover-" + module, repo.resolve(module).resolve("pom.xml"),
                    repo.resolve(module).resolve("target/drover-" + module + ".jar"));
        }
        install(repository, "drover-app-archetype", repo.resolve("archetype/pom.xml"),
                repo.resolve("archetype/target/drover-app-archetype-" + VERSION + ".jar"));
        return repository;
    }

    private static void install(Path repository, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("io/drover").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertTrue(Files.isRegularFile(jar), jar + " is missing: build Drover with ./mvnw -DskipTests package first");
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs the Maven that runs this build, on this test's JDK; returns its output, failing unless it exits 0. */
    private static String maven(List<String> args, Path dir, Path settings, Path repository, Path output) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("drover.mvn", "mvn"), "-B",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MAVEN_OPTS", "-Djava.io.tmpdir=" + Files.createDirectories(output.resolveSibling("maven-tmp")));
        Process process = builder.start();
        try {
            if (!process.waitFor(Deadline.scaled(Duration.ofSeconds(240)).toMillis(), TimeUnit.MILLISECONDS)) {
                fail("mvn " + String.join(" ", args) + " did not finish:\n" + Files.readString(output));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String text = Files.readString(output);
        assertEquals(0, process.exitValue(), "mvn " + String.join(" ", args) + " failed:\n" + text);
        return text;
    }
}
