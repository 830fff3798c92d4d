package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DroverConfigTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static ConfigException refused(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets));
    }

    private static void assertMentions(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void defaults() throws ConfigException {
        int cores = Runtime.getRuntime().availableProcessors();
        DroverConfig config = withSets();
        assertAll(
                () -> assertEquals(List.of(new HostPort("127.0.0.1", 9501)), config.listen()),
                () -> assertEquals(Math.min(cores, 1024), config.workerNum()),
                () -> assertEquals(Math.min(cores, 64), config.reactorNum()),
                () -> assertEquals(Path.of("run").toAbsolutePath().normalize(), config.runDir()),
                () -> assertEquals(Optional.empty(), config.logFile()),
                () -> assertFalse(config.daemonize()),
                () -> assertEquals(Duration.ofSeconds(3), config.maxWaitTime()),
                () -> assertFalse(config.openLengthCheck()),
                () -> assertEquals(LengthType.N, config.packageLengthType()),
                () -> assertEquals(0, config.packageLengthOffset()),
                () -> assertEquals(0, config.packageBodyOffset()),
                () -> assertEquals(2 * 1024 * 1024, config.packageMaxLength()),
                () -> assertFalse(config.openEofCheck()),
                () -> assertFalse(config.openEofSplit()),
                () -> assertArrayEquals(new byte[] {'\r', '\n'}, config.packageEof()),
                () -> assertEquals(2, config.dispatchMode()),
                () -> assertEquals(2 * 1024 * 1024, config.bufferOutputSize()),
                () -> assertEquals(Duration.ZERO, config.heartbeatCheckInterval()),
                () -> assertEquals(Duration.ZERO, config.heartbeatIdleTime()),
                () -> assertEquals(100_000, config.maxConn()));
    }

    @Test
    void issueFourSettingsAreReadFromTheirKeys() throws ConfigException {
        DroverConfig config = withSets("open_eof_split=true", "package_eof=\\x00END", "dispatch_mode=4",
                "buffer_output_size=64K", "heartbeat_check_interval=5", "heartbeat_idle_time=7", "max_conn=10");
        assertAll(
                () -> assertTrue(config.openEofSplit()),
                () -> assertArrayEquals(new byte[] {0, 'E', 'N', 'D'}, config.packageEof()),
                () -> assertEquals(4, config.dispatchMode()),
                () -> assertEquals(65536, config.bufferOutputSize()),
                () -> assertEquals(Duration.ofSeconds(5), config.heartbeatCheckInterval()),
                () -> assertEquals(Duration.ofSeconds(7), config.heartbeatIdleTime()),
                () -> assertEquals(10, config.maxConn()));
        assertEquals(Duration.ofSeconds(10), withSets("heartbeat_check_interval=5").heartbeatIdleTime(),
                "twice the interval by default");
    }

    @Test
    void supervisorSettingsAreReadAndChecked() throws ConfigException {
        DroverConfig defaults = withSets();
        assertAll(
                () -> assertEquals(ReloadMode.ROLLING, defaults.reloadMode()),
                () -> assertEquals(Duration.ofSeconds(30), defaults.reloadReadyTimeout()),
                () -> assertEquals(0, defaults.maxRequest()),
                () -> assertEquals(Duration.ofSeconds(30), defaults.workerTimeout()),
                () -> assertEquals(1, defaults.reactorProcesses()));
        DroverConfig set = withSets("reload_mode=all", "reload_ready_timeout=5", "max_request=1000", "worker_timeout=0",
                "reactor_processes=3", "listen=127.0.0.1:9600");
        assertAll(
                () -> assertEquals(ReloadMode.ALL, set.reloadMode()),
                () -> assertEquals(Duration.ofSeconds(5), set.reloadReadyTimeout()),
                () -> assertEquals(500, set.maxRequestGrace(), "max_request / 2 by default"),
                () -> assertEquals(Duration.ZERO, set.workerTimeout()),
                () -> assertEquals(3, set.reactorProcesses()));
        assertEquals(7, withSets("max_request=1000", "max_request_grace=7").maxRequestGrace());
        assertEquals(set, DroverConfig.fromProperties(set.toProperties(), "round trip"));
        assertMentions(refused("reload_mode=half"), "reload_mode", "'half'", "rolling or all");
        assertMentions(refused("reload_ready_timeout=0"), "reload_ready_timeout", "1..3600");
        assertMentions(refused("max_request=-1"), "max_request", "0..2147483647");
        assertMentions(refused("reactor_processes=2", "listen=127.0.0.1:0"), "reactor_processes 2", "port 0", "fixed ports");
    }

    @Test
    void taskWorkerSettings() throws ConfigException {
        DroverConfig defaults = withSets();
        assertAll(
                () -> assertEquals(0, defaults.taskWorkerNum()),
                () -> assertEquals(1024, defaults.taskQueueMax()),
                () -> assertEquals(0, defaults.taskMaxRequest()));
        DroverConfig set = withSets("task_worker_num=3", "task_queue_max=2", "task_max_request=50");
        assertAll(
                () -> assertEquals(3, set.taskWorkerNum()),
                () -> assertEquals(2, set.taskQueueMax()),
                () -> assertEquals(50, set.taskMaxRequest()));
        assertEquals(set, DroverConfig.fromProperties(set.toProperties(), "round trip"));
        assertMentions(refused("task_worker_num=1025"), "task_worker_num", "0..1024");
        assertMentions(refused("task_worker_num=-1"), "task_worker_num", "0..1024");
        assertMentions(refused("task_queue_max=0"), "task_queue_max", "1..1048576");
        assertMentions(refused("task_max_request=x"), "task_max_request", "0..2147483647");
    }

    @Test
    void packageEofIsNotTrimmedAndItsEscapesAreDecoded() throws ConfigException {
        assertArrayEquals(new byte[] {' ', '\n'}, withSets("package_eof= \\n").packageEof());
        assertArrayEquals(new byte[] {'\r', '\n'}, withSets("package_eof=\r\n").packageEof(), "raw CR LF");
        assertArrayEquals(new byte[] {'\\', 'x'}, withSets("package_eof=\\\\x").packageEof());
        assertMentions(refused("package_eof="), "package_eof", "0 bytes", "1..8 bytes");
        assertMentions(refused("package_eof=123456789"), "package_eof", "9 bytes");
        assertMentions(refused("package_eof=\\q"), "package_eof", "unknown escape '\\q'");
        assertMentions(refused("package_eof=\\x4"), "package_eof", "two hex digits");
        assertMentions(refused("package_eof=\\xZZ"), "package_eof", "two hex digits");
        assertMentions(refused("package_eof=ab\\"), "package_eof", "escapes nothing");
    }

    @Test
    void packageEofRoundTripsEveryByte() throws ConfigException {
        for (int b = 0; b < 256; b++) {
            String text = EscapedBytes.encode(new byte[] {(byte) b, 'x'});
            assertArrayEquals(new byte[] {(byte) b, 'x'}, EscapedBytes.decode(text), "byte " + b + " as " + text);
        }
    }

    @Test
    void severalListenAddresses() throws ConfigException {
        DroverConfig config = withSets("listen=127.0.0.1:9501, [::1]:9502,0.0.0.0:0");
        assertEquals(List.of(new HostPort("127.0.0.1", 9501), new HostPort("::1", 9502), new HostPort("0.0.0.0", 0)),
                config.listen());
        assertEquals("127.0.0.1:9501,[::1]:9502,0.0.0.0:0", config.toProperties().getProperty("listen"));
        assertMentions(refused("listen=127.0.0.1:1,127.0.0.1:1"), "listen", "127.0.0.1:1 is listed twice");
        assertMentions(refused("listen=127.0.0.1:1,"), "listen", "an empty address between commas");
        assertMentions(refused("listen=127.0.0.1:1,nohost"), "listen", "'nohost'", "no ':port'");
    }

    @Test
    void lengthAndEofFramingExcludeEachOther() {
        assertMentions(refused("open_length_check=true", "open_eof_split=true"),
                "open_length_check", "open_eof_split", "at most one framing");
        assertMentions(refused("open_length_check=true", "open_eof_check=true"), "open_eof_check");
    }

    @Test
    void workerModeIsLoopUnlessVirtualIsChosen() throws ConfigException {
        assertEquals(WorkerMode.LOOP, withSets().workerMode());
        assertEquals(WorkerMode.VIRTUAL, withSets("worker_mode=virtual").workerMode());
        assertEquals("virtual", withSets("worker_mode=virtual").toProperties().getProperty("worker_mode"));
        assertMentions(refused("worker_mode=threads"), "worker_mode", "'threads'", "loop or virtual");
        assertMentions(refused("worker_mode=Virtual"), "worker_mode", "'Virtual'");
    }

    @Test
    void idleTimeNeedsACheckInterval() {
        assertMentions(refused("heartbeat_idle_time=30"), "heartbeat_idle_time", "heartbeat_check_interval");
    }

    @Test
    void everySettingIsReadFromItsKey() throws ConfigException {
        DroverConfig config = withSets("listen=0.0.0.0:0", "worker_num=7", "reactor_num=3", "run_dir=/tmp/a/../b",
                "log_file=/var/log/x.log", "daemonize=TRUE", "max_wait_time=60", "open_length_check=True",
                "package_length_type=n", "package_length_offset=2", "package_body_offset=6",
                "package_max_length=65536");
        assertAll(
                () -> assertEquals(List.of(new HostPort("0.0.0.0", 0)), config.listen()),
                () -> assertEquals(7, config.workerNum()),
                () -> assertEquals(3, config.reactorNum()),
                () -> assertEquals(Path.of("/tmp/b"), config.runDir()),
                () -> assertEquals(Optional.of(Path.of("/var/log/x.log")), config.logFile()),
                () -> assertTrue(config.daemonize()),
                () -> assertEquals(Duration.ofMinutes(1), config.maxWaitTime()),
                () -> assertTrue(config.openLengthCheck()),
                () -> assertEquals(LengthType.n, config.packageLengthType()),
                () -> assertEquals(2, config.packageLengthOffset()),
                () -> assertEquals(6, config.packageBodyOffset()),
                () -> assertEquals(65536, config.packageMaxLength()));
    }

    @Test
    void valuesAreTrimmed() throws ConfigException {
        DroverConfig config = withSets(" worker_num = 5 ", "daemonize=\ttrue  ", "listen= [::1]:80 ");
        assertEquals(5, config.workerNum());
        assertTrue(config.daemonize());
        assertEquals(List.of(new HostPort("::1", 80)), config.listen());
    }

    @Test
    void relativePathsResolveAgainstTheCurrentDirectory() throws ConfigException {
        Path cwd = Path.of("").toAbsolutePath();
        DroverConfig config = withSets("run_dir=var/./run", "log_file=logs/../drover.log");
        assertEquals(cwd.resolve("var/run"), config.runDir());
        assertEquals(Optional.of(cwd.resolve("drover.log")), config.logFile());
    }

    @Test
    void ipv6Listen() throws ConfigException {
        assertEquals(List.of(new HostPort("::1", 9501)), withSets("listen=[::1]:9501").listen());
        assertMentions(refused("listen=::1:9501"), "listen", "'::1:9501'", "--set", "brackets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "worker_num=0          | worker_num    | 1..1024",
            "worker_num=1025       | worker_num    | 1..1024",
            "worker_num=four       | worker_num    | 1..1024",
            "worker_num=+4         | worker_num    | 1..1024",
            "worker_num=99999999999| worker_num    | 1..1024",
            "reactor_num=65        | reactor_num   | 1..64",
            "max_wait_time=-1      | max_wait_time | 0..3600",
            "max_wait_time=3601    | max_wait_time | 0..3600",
            "max_wait_time=1.5     | max_wait_time | 0..3600",
            "package_length_offset=-1 | package_length_offset | 0..2147483647",
            "package_body_offset=2147483648 | package_body_offset | 0..2147483647",
            "listen=localhost      | listen        | host:port",
            "listen=localhost:65536| listen        | port 0..65535",
            "run_dir=              | run_dir       | directory path",
            "dispatch_mode=0       | dispatch_mode | 1..5",
            "dispatch_mode=6       | dispatch_mode | 1..5",
            "max_conn=0            | max_conn      | 1..1000000",
            "heartbeat_check_interval=-1 | heartbeat_check_interval | 0..86400",
            "heartbeat_idle_time=86401 | heartbeat_idle_time | 0..86400",
            "buffer_output_size=0  | buffer_output_size | 1..2147483647"})
    void badNumbersAndTextAreRefused(String set, String key, String expected) {
        assertMentions(refused(set), key, "--set", expected);
    }

    @ParameterizedTest
    @CsvSource({"daemonize, yes", "daemonize, 1", "open_length_check, on", "open_length_check, ''", "daemonize, truee"})
    void booleansAreExactlyTrueOrFalse(String key, String value) {
        assertMentions(refused(key + "=" + value), key, "'" + value + "'", "true or false");
    }

    @ParameterizedTest
    @CsvSource({"2097152, 2097152", "512K, 524288", "512k, 524288", "2M, 2097152", "1G, 1073741824",
            "2047M, 2146435072", "1, 1", "2147483647, 2147483647"})
    void sizesAcceptBinarySuffixes(String text, int bytes) throws ConfigException {
        assertEquals(bytes, withSets("package_max_length=" + text).packageMaxLength());
    }

    @ParameterizedTest
    @CsvSource({"0", "2G", "2147483648", "2MB", "1.5M", "-1", "M", "2 M", "999999999999G"})
    void badSizesAreRefused(String text) {
        assertMentions(refused("package_max_length=" + text), "package_max_length", "'" + text + "'", "1..2147483647");
    }

    @Test
    void lengthTypeLettersAreCaseSensitive() throws ConfigException {
        assertEquals(LengthType.n, withSets("package_length_type=n").packageLengthType());
        assertEquals(LengthType.N, withSets("package_length_type=N").packageLengthType());
        assertEquals(LengthType.V, withSets("package_length_type=V").packageLengthType());
        assertEquals(LengthType.c, withSets("package_length_type=c").packageLengthType());
    }

    @ParameterizedTest
    @CsvSource({"x", "NN", "''", "int", "q"})
    void unknownLengthTypesAreRefused(String text) {
        assertMentions(refused("package_length_type=" + text), "package_length_type", "c C s S n v l L N V");
    }

    @Test
    void lengthFieldMustFitInTheLargestPacket() throws ConfigException {
        ConfigException e = refused("open_length_check=true", "package_length_offset=1021",
                "package_length_type=N", "package_max_length=1K");
        assertMentions(e, "open_length_check", "package_length_offset", "package_length_type", "package_max_length",
                "1021", "1025", "1024");

        // Exactly at the limit is fine, and without open_length_check nothing is checked.
        assertEquals(1020, withSets("open_length_check=true", "package_length_offset=1020",
                "package_max_length=1K").packageLengthOffset());
        assertEquals(5000, withSets("package_length_offset=5000", "package_max_length=1K").packageLengthOffset());
        // A 1-byte type fits where a 4-byte one would not.
        assertEquals(LengthType.C, withSets("open_length_check=true", "package_length_offset=1023",
                "package_length_type=C", "package_max_length=1K").packageLengthType());
    }

    @Test
    void lengthCheckHandlesOffsetsNearIntMax() {
        assertMentions(refused("open_length_check=true", "package_length_offset=2147483647",
                "package_max_length=2147483647"), "2147483651");
    }

    @Test
    void roundTripsThroughProperties() throws ConfigException {
        DroverConfig defaults = withSets();
        assertEquals(defaults, DroverConfig.fromProperties(defaults.toProperties(), "test"));

        DroverConfig custom = withSets("listen=[::1]:0", "worker_num=2", "reactor_num=9", "run_dir=r/x",
                "log_file=l.log", "daemonize=true", "max_wait_time=0", "open_length_check=true",
                "package_length_type=v", "package_length_offset=4", "package_body_offset=6",
                "package_max_length=3M", "package_eof=\\x7f\\r\\n ", "dispatch_mode=3", "buffer_output_size=1K",
                "heartbeat_check_interval=1", "max_conn=7");
        Properties written = custom.toProperties();
        DroverConfig readBack = DroverConfig.fromProperties(written, "test");
        assertEquals(custom, readBack);
        assertEquals(custom.hashCode(), readBack.hashCode());
        assertNotEquals(defaults, custom);

        assertEquals(Setting.values().length, written.size());
        assertEquals(Path.of("r/x").toAbsolutePath().toString(), written.getProperty("run_dir"));
        assertEquals("3145728", written.getProperty("package_max_length"));
        assertEquals("0", written.getProperty("max_wait_time"));
        assertEquals("[::1]:0", written.getProperty("listen"));
        assertEquals("", defaults.toProperties().getProperty("log_file"));
        assertEquals(String.valueOf(defaults.workerNum()), defaults.toProperties().getProperty("worker_num"));
    }

    @Test
    void fromPropertiesNamesItsSource() {
        Properties properties = new Properties();
        properties.setProperty("worker_nun", "3");
        ConfigException e = assertThrows(ConfigException.class,
                () -> DroverConfig.fromProperties(properties, "effective settings /run/x"));
        assertMentions(e, "worker_nun", "effective settings /run/x");
    }

    @Test
    void differentConfigsAreNotEqual() throws ConfigException {
        assertNotEquals(withSets("package_length_type=n"), withSets("package_length_type=N"));
        assertNotEquals(withSets("log_file=a"), withSets());
        assertEquals(withSets("package_max_length=1K"), withSets("package_max_length=1024"));
    }

    @Test
    void toStringListsEverySetting() throws ConfigException {
        String text = withSets("worker_num=3").toString();
        for (Setting setting : Setting.values()) {
            assertTrue(text.contains(setting.key() + "="), text);
        }
        assertTrue(text.contains("worker_num=3"), text);
    }
}
