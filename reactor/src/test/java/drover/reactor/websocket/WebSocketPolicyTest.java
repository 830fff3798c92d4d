package drover.reactor.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import drover.common.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketPolicyTest {
    @Test
    void followsTheSettingsWithPackageMaxLengthAsTheMessageLimit() throws Exception {
        var config = ConfigLoader.load(null, null,
                List.of("package_max_length=64K", "websocket_compression=true", "websocket_auto_pong=false",
                        "websocket_pass_fragments=true"));
        assertEquals(new WebSocketPolicy(65536, false, true, true), WebSocketPolicy.of(config));
        assertEquals(new WebSocketPolicy(2 << 20, true, false, false),
                WebSocketPolicy.of(ConfigLoader.load(null, null, List.of())));
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new WebSocketPolicy(0, true, false, false));
    }
}
