package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;

/**
 * One class for a length-framed listener and a WebSocket one at once (WebSocketLifecycleIT): packets
 * and WebSocket messages are echoed, the latter with "ws:" in front of text.
 */
public final class WebSocketAndPacketApp implements DroverApp, WebSocketApp {
    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        server.send(sessionId, data);
    }

    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        server.push(frame.fd(), "ws:" + frame.text());
    }
}
