package drover.it.apps;

import drover.worker.api.Server;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket app of WebSocketTaskIT: its task worker pushes, counts and disconnects. "task:count"
 * asks the task worker for its view ("task-count:N:ESTABLISHED", whether the asking fd is in it),
 * "task:broadcast:TEXT" has it push TEXT to every connection, "task:close" has it close the asking
 * connection with 4000. Anything else is echoed by the worker.
 */
public final class WebSocketTaskApp implements WebSocketApp {
    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        String text = frame.text();
        if (text.startsWith("task:")) {
            server.task((frame.fd() + ":" + text.substring("task:".length())).getBytes(StandardCharsets.UTF_8));
        } else {
            server.push(frame.fd(), frame.payload(), frame.opcode());
        }
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        WebSocketServer webSocket = (WebSocketServer) server; // a task worker's handle, for a WebSocketApp
        String[] parts = new String(data, StandardCharsets.UTF_8).split(":", 3);
        long fd = Long.parseLong(parts[0]);
        switch (parts[1]) {
            case "count" -> webSocket.push(fd, "task-count:" + webSocket.establishedCount() + ":"
                    + webSocket.isEstablished(fd));
            case "broadcast" -> {
                for (long each : webSocket.establishedConnections()) {
                    webSocket.push(each, parts[2]);
                }
            }
            case "close" -> webSocket.disconnect(fd, 4000, "closed by a task");
            default -> throw new IllegalArgumentException("unknown task " + parts[1]);
        }
        return new byte[0];
    }
}
