package drover.reactor.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeflateParametersTest {
    private static Optional<DeflateParameters> negotiate(String... fields) {
        return DeflateParameters.negotiate(List.of(fields), false);
    }

    @Test
    void acceptsTheOfferBrowsersSend() {
        assertEquals(Optional.of(new DeflateParameters(false, false)),
                negotiate("permessage-deflate; client_max_window_bits"));
    }

    @Test
    void honoursServerNoContextTakeoverAndEchoesClientNoContextTakeover() {
        DeflateParameters agreed = negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover")
                .orElseThrow();
        assertEquals(new DeflateParameters(true, true), agreed);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", agreed.responseValue());
        assertEquals(Optional.of(new DeflateParameters(true, false)),
                DeflateParameters.negotiate(List.of("permessage-deflate"), true));
    }

    @Test
    void acceptsAClientWindowAndTheFullServerWindow() {
        assertEquals(Optional.of(new DeflateParameters(false, false)),
                negotiate("permessage-deflate; client_max_window_bits=10; server_max_window_bits=\"15\""));
    }

    @Test
    void declinesASmallerServerWindowButTakesTheFallbackOffer() {
        assertEquals(Optional.empty(), negotiate("permessage-deflate; server_max_window_bits=10"));
        assertEquals(Optional.of(new DeflateParameters(true, false)),
                negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate; server_no_context_takeover"));
    }

    @Test
    void declinesInvalidOffers() {
        assertEquals(Optional.empty(), negotiate("permessage-deflate; client_max_window_bits=7"));
        assertEquals(Optional.empty(), negotiate("permessage-deflate; client_max_window_bits=016"));
        assertEquals(Optional.empty(), negotiate("permessage-deflate; server_no_context_takeover=1"));
        assertEquals(Optional.empty(), negotiate("permessage-deflate; server_no_context_takeover; server_no_context_takeover"));
        assertEquals(Optional.empty(), negotiate("permessage-deflate; mystery"));
        assertEquals(Optional.empty(), negotiate("x-webkit-deflate-frame", "foo"));
    }
}
