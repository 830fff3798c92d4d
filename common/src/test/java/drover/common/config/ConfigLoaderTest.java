package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path jarWithDefaults(String propertiesText) throws IOException {
        Path jar = dir.resolve("echo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("echo/Main.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            out.closeEntry();
            if (propertiesText != null) {
                out.putNextEntry(new JarEntry(ConfigLoader.JAR_DEFAULTS_ENTRY));
                out.write(propertiesText.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path configFile(String text) throws IOException {
        return Files.writeString(dir.resolve("echo.properties"), text);
    }

    private static void assertMentions(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void theEnvironmentOverridesFilesAndSetOverridesIt() throws Exception {
        Path file = configFile("worker_num = 2\nreactor_num = 3\nmax_wait_time = 4\n");
        Map<String, String> environment = Map.of("DROVER_WORKER_NUM", "5", "DROVER_REACTOR_NUM", "6",
                "DROVER_WORKER_JVM_OPTIONS", "-Dapp.flag=on");
        DroverConfig config = ConfigLoader.load(null, file, environment, List.of("reactor_num=7"));
        assertEquals(5, config.workerNum(), "the environment overrides the file");
        assertEquals(7, config.reactorNum(), "--set overrides the environment");
        assertEquals(4, config.maxWaitTime().toSeconds(), "keys the environment does not set keep the file's value");
        assertEquals(List.of("-Dapp.flag=on"), config.workerJvmOptions());
    }

    @Test
    void environmentNamesThatAreNoSettingAreLeftAlone() throws Exception {
        // the scripts export DROVER_HOME and DROVER_JAVA_HOME; lower-case names are not Drover's form
        Map<String, String> environment = Map.of("DROVER_HOME", "/opt/drover", "DROVER_JAVA_HOME", "/jdk",
                "drover_worker_num", "9", "DROVER_worker_num", "9");
        assertEquals(ConfigLoader.load(null, null, Map.of(), List.of()),
                ConfigLoader.load(null, null, environment, List.of()));
    }

    @Test
    void environmentNamesThatAreNoSettingAreReportedButNotDroversOwn() {
        Map<String, String> environment = Map.of("DROVER_HOME", "/opt/drover", "DROVER_JAVA_HOME", "/jdk",
                "DROVER_LINK_SECRET", "x", "DROVER_WORKER_NUM", "2", "DROVER_WORKER_NUMS", "4", "DROVER_worker_num", "3",
                "PATH", "/bin");
        assertEquals(List.of("DROVER_WORKER_NUMS", "DROVER_worker_num"), ConfigLoader.ignoredEnvironmentNames(environment));
    }

    @Test
    void anInvalidEnvironmentValueNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, Map.of("DROVER_WORKER_NUM", "many"), List.of()));
        assertMentions(e, "worker_num", "'many'", "environment variable DROVER_WORKER_NUM", "integer 1..1024");
    }

    @Test
    void laterSourcesWin() throws Exception {
        Path jar = jarWithDefaults("""
                worker_num = 2
                reactor_num = 3
                max_wait_time = 10
                package_max_length = 1M
                """);
        Path file = configFile("""
                # the file overrides two of the jar's keys
                reactor_num = 5
                max_wait_time = 20
                """);
        DroverConfig config = ConfigLoader.load(jar, file,
                List.of("max_wait_time=30", "daemonize=true", "daemonize=false"));

        assertEquals(2, config.workerNum(), "jar only");
        assertEquals(5, config.reactorNum(), "file beats jar");
        assertEquals(30, config.maxWaitTime().toSeconds(), "--set beats file and jar");
        assertEquals(false, config.daemonize(), "a later --set beats an earlier one");
        assertEquals(1024 * 1024, config.packageMaxLength(), "jar only, with suffix");
        assertEquals(List.of(new HostPort("127.0.0.1", 9501)), config.listen(), "built-in default");
    }

    @Test
    void jarDefaultsReadsTheEntry() throws Exception {
        Properties defaults = ConfigLoader.jarDefaults(jarWithDefaults("listen=0.0.0.0:80\n"));
        assertEquals("0.0.0.0:80", defaults.getProperty("listen"));
        assertEquals(1, defaults.size());
    }

    @Test
    void jarWithoutDefaultsGivesEmptyProperties() throws Exception {
        Path jar = jarWithDefaults(null);
        assertTrue(ConfigLoader.jarDefaults(jar).isEmpty());
        assertEquals(ConfigLoader.load(null, null, List.of()), ConfigLoader.load(jar, null, List.of()));
    }

    @Test
    void propertiesAreReadAsUtf8() throws Exception {
        Path jar = jarWithDefaults("run_dir = /tmp/drover-é\n");
        assertEquals(Path.of("/tmp/drover-é"), ConfigLoader.load(jar, null, List.of()).runDir());
    }

    @Test
    void missingJarIsRefused() {
        Path missing = dir.resolve("nope.jar");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.jarDefaults(missing));
        assertEquals("app jar not found: " + missing, e.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, null, List.of()));
    }

    @Test
    void fileThatIsNotAJarIsRefused() throws IOException {
        Path notJar = Files.writeString(dir.resolve("fake.jar"), "not a zip");
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.jarDefaults(notJar)),
                "app jar " + notJar, "expected a jar file");
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.jarDefaults(dir)),
                "app jar " + dir, "not a regular file");
    }

    @Test
    void missingConfigFileIsRefused() {
        Path missing = dir.resolve("missing.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, missing, List.of()));
        assertEquals("config file not found: " + missing, e.getMessage());
    }

    @Test
    void unknownKeyInJarNamesKeyAndSource() throws Exception {
        Path jar = jarWithDefaults("worker_number=4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(jar, null, List.of()));
        assertMentions(e, "'worker_number'", "app jar defaults (" + jar + "!/drover.properties)", "worker_num");
    }

    @Test
    void unknownKeyInFileNamesKeyAndSource() throws Exception {
        Path file = configFile("worker_num=4\nWorker_Num=4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, file, List.of()));
        assertMentions(e, "'Worker_Num'", "config file " + file);
    }

    @Test
    void unknownKeyInSetNamesKeyAndSource() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, List.of("open_length=true")));
        assertMentions(e, "'open_length'", "--set", "open_length_check");
    }

    @Test
    void badValueNamesTheSourceThatSetIt() throws Exception {
        Path jar = jarWithDefaults("worker_num=0\n");
        Path file = configFile("reactor_num=4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(jar, file, List.of()));
        assertMentions(e, "worker_num", "'0'", "app jar defaults", "1..1024");

        // The same bad jar value is harmless once a later source overrides it.
        assertEquals(6, ConfigLoader.load(jar, file, List.of("worker_num=6")).workerNum());
    }

    @Test
    void setWithoutEqualsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, List.of("worker_num")));
        assertMentions(e, "--set", "'worker_num'", "key=value");
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.load(null, null, List.of("=4"))),
                "--set", "'=4'", "key=value");
    }

    @Test
    void setSplitsAtTheFirstEquals() throws ConfigException {
        assertEquals(Path.of("/tmp/a=b"), ConfigLoader.load(null, null, List.of("run_dir=/tmp/a=b")).runDir());
    }

    @Test
    void crossCheckNamesTheSourcesOfBothValues() throws Exception {
        Path jar = jarWithDefaults("open_length_check=true\npackage_max_length=4\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(jar, null, List.of("package_length_offset=1")));
        assertMentions(e, "package_length_offset 1 (from --set)", "package_max_length 4 (from app jar defaults");
    }
}
