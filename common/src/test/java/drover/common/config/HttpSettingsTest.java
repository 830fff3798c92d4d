package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpPacketEncoder;
import drover.common.payload.PayloadLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static String refusal(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets)).getMessage();
    }

    @Test
    void defaultsAreOffWithAnEightKibHeadAndAMinute() throws ConfigException {
        DroverConfig config = withSets();
        assertFalse(config.openHttpProtocol());
        assertEquals(8192, config.httpHeaderMax());
        assertEquals(Duration.ofSeconds(60), config.httpRequestTimeout());
    }

    @Test
    void httpSettingsAreReadAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("open_http_protocol=true", "http_header_max=16K", "http_request_timeout=0");
        assertTrue(config.openHttpProtocol());
        assertEquals(16384, config.httpHeaderMax());
        assertEquals(Duration.ZERO, config.httpRequestTimeout());
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
        assertEquals("16384", config.toProperties().getProperty("http_header_max"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http_header_max=255        | 256..1048576",
            "http_header_max=1025K      | 256..1048576",
            "http_header_max=8KB        | not a size",
            "http_request_timeout=-1    | 0..86400",
            "http_request_timeout=86401 | 0..86400",
            "http_request_timeout=1m    | not an integer",
            "open_http_protocol=yes     | true or false"})
    void badValuesAreRefusedNamingTheKeyAndTheRange(String set, String expected) {
        String message = refusal(set);
        assertTrue(message.contains(set.substring(0, set.indexOf('='))), message);
        assertTrue(message.contains(expected), message);
    }

    @ParameterizedTest
    @CsvSource({"open_length_check", "open_eof_check", "open_eof_split"})
    void httpAndAnotherFramingCannotBothBeOn(String other) {
        String message = refusal("open_http_protocol=true", other + "=true");
        assertTrue(message.contains("open_http_protocol") && message.contains(other)
                && message.contains("at most one protocol"), message);
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void httpRefusesDispatchModesThatSpreadOneConnectionsRequests(String mode) {
        String message = refusal("open_http_protocol=true", "dispatch_mode=" + mode);
        assertTrue(message.contains("dispatch_mode is " + mode) && message.contains("expected dispatch_mode 2, 4 or 5"),
                message);
    }

    @ParameterizedTest
    @CsvSource({"2", "4", "5"})
    void httpTakesDispatchModesThatKeepAConnectionOnOneWorker(int mode) throws ConfigException {
        assertEquals(mode, withSets("open_http_protocol=true", "dispatch_mode=" + mode).dispatchMode());
    }

    @Test
    void aBodyLimitWhoseRequestPacketsCannotFitALinkFrameIsRefused() throws ConfigException {
        String message = refusal("open_http_protocol=true", "package_max_length=2047M", "http_header_max=1M");
        assertTrue(message.contains("package_max_length 2146435072") && message.contains("link frame limit")
                && message.contains("expected package_max_length <= "), message);
        // the same sizes are fine for a protocol whose packets carry no encoded head
        assertEquals(2146435072, withSets("package_max_length=2047M", "http_header_max=1M").packageMaxLength());
    }

    @Test
    void linkFramesCarryTheLargestHttpRequestPacket() throws ConfigException {
        DroverConfig http = withSets("open_http_protocol=true", "package_max_length=64M", "http_header_max=64K");
        long largest = LinkLimits.maxHttpRequestPacket(64 << 20, 64 << 10);
        assertTrue(largest > (64 << 20));
        assertTrue(PayloadLimits.of(http).largest() >= largest, "an HTTP request packet always fits");
        DroverConfig raw = withSets("package_max_length=64M", "http_header_max=64K");
        assertTrue(PayloadLimits.of(raw).largest() >= 64 << 20);
        assertEquals(LinkLimits.MIN_LINK_PAYLOAD,
                PayloadLimits.of(withSets("open_http_protocol=true")).largest());
    }

    // config knows the encoding's varint size without depending on http; the two must not drift apart
    @Test
    void theRequestPacketBoundUsesTheEncodersVarintSize() {
        assertEquals(HttpPacketEncoder.MAX_VARINT_SIZE, LinkLimits.HTTP_VARINT_MAX);
    }
}
