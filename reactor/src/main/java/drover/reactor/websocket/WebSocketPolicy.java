package drover.reactor.websocket;

/**
 * How a listener's WebSocket connections behave, from the settings.
 *
 * @param maxMessage    largest message after reassembly and inflation (package_max_length); beyond, 1009
 * @param autoPong      answer each ping with a pong in the reactor (websocket_auto_pong); otherwise
 *                      pings and pongs go to the app, which answers itself
 * @param passFragments hand each fragment on as it ends (with its finish flag) instead of reassembling
 * @param compression   accept permessage-deflate when the client offers it (websocket_compression)
 */
public record WebSocketPolicy(int maxMessage, boolean autoPong, boolean passFragments, boolean compression) {
    public WebSocketPolicy {
        if (maxMessage < 1) {
            throw new IllegalArgumentException("maxMessage " + maxMessage + ": expected at least 1");
        }
    }
}
