package drover.examples.wsecho;

import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;

/** Echoes every text and binary message as it came (scripts/bench.sh --only ws times it). */
public final class EchoApp implements WebSocketApp {
    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        server.push(frame.fd(), frame.payload(), frame.opcode());
    }
}
