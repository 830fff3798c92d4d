package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    @Test
    void compressionIsOffAndAutoPongOnByDefault() throws ConfigException {
        DroverConfig config = withSets();
        assertFalse(config.websocketCompression());
        assertTrue(config.websocketAutoPong());
        assertFalse(config.websocketPassFragments());
    }

    @Test
    void websocketSettingsAreReadAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("websocket_compression=true", "websocket_auto_pong=false",
                "websocket_pass_fragments=true");
        assertTrue(config.websocketCompression());
        assertFalse(config.websocketAutoPong());
        assertTrue(config.websocketPassFragments());
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
        assertEquals("true", config.toProperties().getProperty("websocket_compression"));
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRefusedNamingTheKey() {
        String message = assertThrows(ConfigException.class, () -> withSets("websocket_auto_pong=yes")).getMessage();
        assertTrue(message.contains("websocket_auto_pong"), message);
    }
}
