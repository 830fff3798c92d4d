package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseModeSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    @Test
    void processModeIsTheDefault() throws ConfigException {
        DroverConfig config = withSets();
        assertEquals(ServerMode.PROCESS, config.serverMode());
        assertFalse(config.baseMode());
    }

    @Test
    void baseModeServesPlainAndHttpListenersAndIsWrittenBack() throws ConfigException {
        DroverConfig config = withSets("server_mode=base", "listen=127.0.0.1:9501,127.0.0.1:8080/http", "worker_num=2");
        assertTrue(config.baseMode());
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "task_worker_num=1              | task_worker_num is 1",
            "worker_mode=virtual            | worker_mode is virtual",
            "listen=127.0.0.1:0             | has port 0",
            "listen=127.0.0.1:9501/proxy    | has a /proxy listener"})
    void whatBaseModeCannotServeRefusesTheStartNamingBoth(String set, String expected) {
        String message = assertThrows(ConfigException.class,
                () -> withSets("server_mode=base", "proxy_protocol_trusted=10.0.0.0/8", set)).getMessage();
        assertTrue(message.contains("server_mode is base"), message);
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("server_mode=process"), message);
    }

    @Test
    void anUnknownModeIsRefused() {
        String message = assertThrows(ConfigException.class, () -> withSets("server_mode=thread")).getMessage();
        assertTrue(message.contains("server_mode"), message);
    }
}
