package drover.it.apps;

import drover.worker.api.http.Request;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.Handshake;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;

/**
 * The WebSocket app of WebSocketIT: echoes every message as it came, and obeys text commands
 * ("cmd:broadcast:TEXT" to every connection, "cmd:close:CODE", "cmd:count", "cmd:worker"). Each
 * close is told to the connections still open ("closed:CODE"), so a test sees onClose's code.
 * GET /deny is refused with 403; a client offering the subprotocol "chat" gets it.
 */
public final class WebSocketProbeApp implements WebSocketApp {
    @Override
    public Handshake onHandshake(Request request) {
        if (request.path().equals("/deny")) {
            return Handshake.refuse(403, "denied by the probe");
        }
        String offered = request.header("Sec-WebSocket-Protocol");
        return offered != null && offered.contains("chat") ? Handshake.accept("chat") : Handshake.accept();
    }

    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        String text = frame.opcode() == drover.worker.api.websocket.Opcode.TEXT ? frame.text() : "";
        if (text.startsWith("cmd:broadcast:")) {
            for (long fd : server.establishedConnections()) {
                server.push(fd, text.substring("cmd:broadcast:".length()));
            }
        } else if (text.startsWith("cmd:close:")) {
            server.disconnect(frame.fd(), Integer.parseInt(text.substring("cmd:close:".length())), "bye");
        } else if (text.equals("cmd:count")) {
            server.push(frame.fd(), "count:" + server.establishedCount());
        } else if (text.equals("cmd:worker")) {
            server.push(frame.fd(), "worker:" + server.workerId() + ":" + ProcessHandle.current().pid());
        } else {
            server.push(frame.fd(), frame.payload(), frame.opcode());
        }
    }

    @Override
    public void onClose(WebSocketServer server, long fd, int code, String reason) {
        for (long other : server.establishedConnections()) {
            server.push(other, "closed:" + code);
        }
    }
}
