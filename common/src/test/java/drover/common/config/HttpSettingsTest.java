package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void httpAndLengthFramingCannotBothBeOn() {
        String message = refusal("open_http_protocol=true", "open_length_check=true");
        assertTrue(message.contains("open_http_protocol") && message.contains("open_length_check")
                && message.contains("at most one protocol"), message);
    }
}
