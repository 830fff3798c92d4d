package drover.reactor.websocket;

import drover.common.config.DroverConfig;

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

    /**
     * The policy of a server's WebSocket listeners. Messages are reassembled (unless
     * websocket_pass_fragments), and limited by package_max_length as every other packet is (as in
     * Swoole): one limit for what a client may make a worker hold, whatever the protocol.
     */
    public static WebSocketPolicy of(DroverConfig config) {
        return new WebSocketPolicy(config.packageMaxLength(), config.websocketAutoPong(),
                config.websocketPassFragments(), config.websocketCompression());
    }
}
