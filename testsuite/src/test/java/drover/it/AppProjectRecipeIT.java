package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Follows docs/WRITING-APPS.md's "A minimal app project" as a new app author would: the files and
 * commands are read from the document itself, the API is installed with the document's command,
 * the project is built with Maven and the jar is served. A recipe that no longer works as written
 * fails here.
 *
 * <p>Maven runs with a local repository of the test's own (so the API installed here never reaches
 * the machine's), and finds plugins in the machine's repository first, which the Drover build has
 * just filled: no network is needed where that build ran.
 */
@Timeout(240)
class AppProjectRecipeIT {
    private static final Path GUIDE = DroverCluster.REPO.resolve("docs/WRITING-APPS.md");
    /** A paragraph that names a file of the project ("`path`: ..."): the next fence holds its content. */
    private static final Pattern FILE_NAME = Pattern.compile("^`([\\w./-]+)`:.*");
    private static final Pattern SHELL_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)\\n```");

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void minimalProjectFromTheGuideBuildsAndServes() throws Exception {
        String recipe = section(Files.readString(GUIDE), "## A minimal app project");
        Path home = cluster.home();
        Path settings = writeSettings(home);
        Path localRepository = home.resolve("m2");
        Path project = Files.createDirectories(home.resolve("hello"));

        Map<String, String> files = projectFiles(recipe);
        assertEquals(List.of("pom.xml", "src/main/java/com/example/hello/HelloApp.java",
                "src/main/resources/META-INF/services/drover.worker.api.DroverApp", "src/main/resources/drover.properties"),
                List.copyOf(files.keySet()), "the files the guide lists");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = project.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue() + "\n");
        }

        List<String> install = mavenCommand(recipe, "install-file");
        maven(install, DroverCluster.REPO, settings, localRepository, home.resolve("install.out"));
        List<String> build = mavenCommand(recipe, "package");
        maven(build, project, settings, localRepository, home.resolve("package.out"));

        Path jar = project.resolve("target/hello.jar");
        assertTrue(Files.isRegularFile(jar), "the guide's build made no target/hello.jar");
        cluster.start(jar);
        try (Socket socket = new Socket("127.0.0.1", cluster.port())) {
            socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(20)).toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String greeting = in.readLine();
            assertTrue(greeting != null && greeting.matches("hello from worker [01]"), "greeting: " + greeting);
            OutputStream out = socket.getOutputStream();
            out.write("hi\nbye\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("you said: hi", in.readLine());
            assertEquals(null, in.readLine(), "'bye' closes the connection");
        }
    }

    private static String section(String guide, String heading) {
        int start = guide.indexOf(heading);
        assertTrue(start >= 0, "docs/WRITING-APPS.md has no section " + heading);
        int end = guide.indexOf("\n## ", start + heading.length());
        return guide.substring(start, end < 0 ? guide.length() : end);
    }

    private static Map<String, String> projectFiles(String recipe) {
        Map<String, String> files = new LinkedHashMap<>();
        String named = null;
        StringBuilder fence = null;
        for (String line : recipe.split("\n")) {
            if (fence != null) {
                if (line.startsWith("```")) {
                    if (named != null) {
                        files.put(named, fence.toString().stripTrailing());
                    }
                    named = null;
                    fence = null;
                } else {
                    fence.append(line).append('\n');
                }
            } else if (line.startsWith("```")) {
                fence = new StringBuilder();
            } else {
                Matcher m = FILE_NAME.matcher(line);
                if (m.matches()) {
                    named = m.group(1);
                }
            }
        }
        return files;
    }

    /** The shell command of the recipe that runs Maven with this word among its arguments. */
    private static List<String> mavenCommand(String recipe, String word) {
        Matcher m = SHELL_BLOCK.matcher(recipe);
        while (m.find()) {
            for (String line : m.group(1).replace("\\\n", " ").split("\n")) {
                List<String> words = Arrays.asList(line.strip().split("\\s+"));
                if (words.getFirst().equals("mvn") && words.stream().anyMatch(w -> w.contains(word))) {
                    return words.subList(1, words.size());
                }
            }
        }
        fail("docs/WRITING-APPS.md has no mvn command with " + word);
        return List.of();
    }

    /**
     * Plugins from the machine's own repository first (where the Drover build left them); Maven
     * Central stays behind it for a machine whose build did not need one of them.
     */
    static Path writeSettings(Path home) throws IOException {
        String machineRepository = Path.of(System.getProperty("drover.m2.repository",
                System.getProperty("user.home") + "/.m2/repository")).toUri().toString();
        String settings = """
                <settings>
                  <profiles>
                    <profile>
                      <id>machine-first</id>
                      <repositories><repository><id>machine</id><url>%1$s</url></repository></repositories>
                      <pluginRepositories><pluginRepository><id>machine</id><url>%1$s</url></pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>machine-first</activeProfile></activeProfiles>
                </settings>
                """.formatted(machineRepository);
        return Files.writeString(home.resolve("settings.xml"), settings);
    }

    /** Runs Maven as the guide says, on the JDK that runs this test (a JDK 25, as the guide requires). */
    private static void maven(List<String> args, Path dir, Path settings, Path localRepository, Path output) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("drover.mvn", "mvn"), "-B",
                "-s", settings.toString(), "-Dmaven.repo.local=" + localRepository));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // install-file writes the POM it generates to the temp dir and leaves it: keep it in the test's folder
        Path temp = Files.createDirectories(output.resolveSibling("maven-tmp"));
        builder.environment().put("MAVEN_OPTS", "-Djava.io.tmpdir=" + temp);
        Process process = builder.start();
        try {
            if (!process.waitFor(Deadline.scaled(Duration.ofSeconds(150)).toMillis(), TimeUnit.MILLISECONDS)) {
                fail("mvn " + String.join(" ", args) + " did not finish:\n" + Files.readString(output));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "mvn " + String.join(" ", args) + " failed:\n" + Files.readString(output));
    }
}
