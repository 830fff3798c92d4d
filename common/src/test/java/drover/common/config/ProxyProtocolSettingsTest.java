package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyProtocolSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    @Test
    void defaultsTrustNoSourceAndWaitFiveSeconds() throws ConfigException {
        DroverConfig config = withSets();
        assertTrue(config.proxyProtocolTrusted().isEmpty());
        assertEquals(Duration.ofSeconds(5), config.proxyProtocolTimeout());
    }

    @Test
    void trustedRangesOfBothFamiliesAreReadAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("proxy_protocol_trusted=10.0.0.0/8, fd00::/8,127.0.0.1",
                "proxy_protocol_timeout=2");
        assertTrue(config.proxyProtocolTrusted().contains(InetAddress.ofLiteral("10.1.2.3")));
        assertTrue(config.proxyProtocolTrusted().contains(InetAddress.ofLiteral("fd00::5")));
        assertFalse(config.proxyProtocolTrusted().contains(InetAddress.ofLiteral("127.0.0.2")));
        assertEquals(Duration.ofSeconds(2), config.proxyProtocolTimeout());
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "proxy_protocol_trusted=10.0.0.1/8       | expected 10.0.0.0/8",
            "proxy_protocol_trusted=10.0.0.0/40      | 0..32",
            "proxy_protocol_trusted=balancer.lan     | not an IPv4 address",
            "proxy_protocol_trusted=10.0.0.0/8,      | empty range",
            "proxy_protocol_trusted=fd00::/8,fd00::/8 | listed twice",
            "proxy_protocol_timeout=0                | 1..3600",
            "proxy_protocol_timeout=5s               | not an integer"})
    void badValuesAreRefusedAtStartNamingTheKeyAndTheProblem(String set, String expected) {
        String message = assertThrows(ConfigException.class, () -> withSets(set)).getMessage();
        assertTrue(message.contains(set.substring(0, set.indexOf('='))), message);
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("--set"), message);
    }
}
