package drover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class LoadOptionsTest {
    private static LoadPlan plan(String... args) {
        LoadOptions options = new LoadOptions();
        new CommandLine(options).parseArgs(args);
        return options.validate();
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> plan(args)).getMessage();
    }

    @Test
    void defaultsAreFiftyConnectionsOf64BytesForTenSeconds() {
        LoadPlan p = plan("--port", "9501");
        assertEquals("127.0.0.1", p.address().getAddress().getHostAddress());
        assertEquals(9501, p.address().getPort());
        assertEquals(50, p.connections());
        assertEquals(List.of(64), p.sizes());
        assertEquals(1, p.pipeline());
        assertEquals(Duration.ofSeconds(10), p.duration());
        assertEquals(Duration.ofSeconds(2), p.warmup());
    }

    @Test
    void sizesOverrideSize() {
        assertEquals(List.of(64, 4096), plan("--port", "1", "--size", "1M", "--sizes", "64,4K").sizes());
    }

    @Test
    void theIpv6LoopbackIsAccepted() {
        assertEquals(1, plan("--host", "::1", "--port", "1").address().getPort());
    }

    @Test
    void anAddressOffThisMachineIsRefused() {
        assertEquals("--host 192.0.2.1 (192.0.2.1) is not a loopback address: EchoLoad only loads this machine (127.0.0.0/8, ::1)",
                refusal("--host", "192.0.2.1", "--port", "9501"));
    }

    @Test
    void aMissingPortIsRefusedByTheParser() {
        assertThrows(CommandLine.MissingParameterException.class, () -> plan("--connections", "5"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port|0|--port 0 is outside 1..65535",
            "--connections|0|--connections 0 is outside 1..10000",
            "--pipeline|5000|--pipeline 5000 is outside 1..4096",
            "--threads|0|--threads 0 is outside 1..64",
            "--duration|0s|--duration 0s must be more than 0",
            "--warmup|-1s|--warmup -1s must not be negative",
            "--timeout|soon|--timeout: 'soon' is not a duration: use e.g. 10s, 500ms, 2m",
            "--size|4|--size: size 4 is outside 8 B..1024M (each body starts with an 8-byte sequence number)",
            "--sizes|1M..4K|--sizes: size range 1M..4K goes down: write the smaller size first"})
    void eachBadValueIsRefusedNamingTheOption(String option, String value, String message) {
        String port = option.equals("--port") ? value : "9501";
        String[] args = option.equals("--port")
                ? new String[] {"--port", port}
                : new String[] {"--port", port, option, value};
        assertEquals(message, refusal(args));
    }
}
