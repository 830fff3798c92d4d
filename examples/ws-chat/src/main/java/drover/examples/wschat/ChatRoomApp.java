package drover.examples.wschat;

import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.Opcode;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;

/**
 * One chat room on a WebSocket: every text message goes to every connection, whichever worker
 * holds it; joins and leaves are announced. GET / serves a page that joins the room.
 */
public final class ChatRoomApp implements WebSocketApp {
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Drover chat</title></head>
            <body>
            <ul id="log"></ul>
            <form id="say"><input id="text" autocomplete="off" autofocus><button>Send</button></form>
            <script>
              const log = document.getElementById("log");
              const socket = new WebSocket("ws://" + location.host + "/room");
              socket.onmessage = e => { const li = document.createElement("li"); li.textContent = e.data; log.append(li); };
              document.getElementById("say").onsubmit = e => {
                e.preventDefault();
                const text = document.getElementById("text");
                socket.send(text.value);
                text.value = "";
              };
            </script>
            </body></html>
            """;

    @Override
    public void onOpen(WebSocketServer server, long fd, Request request) {
        broadcast(server, "#" + fd + " joined (" + server.establishedCount() + " here)");
    }

    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        if (frame.opcode() == Opcode.TEXT) {
            broadcast(server, "#" + frame.fd() + ": " + frame.text());
        }
    }

    @Override
    public void onClose(WebSocketServer server, long fd, int code, String reason) {
        broadcast(server, "#" + fd + " left");
    }

    @Override
    public void onRequest(Request request, Response response) {
        if (request.path().equals("/") && request.method().equals("GET")) {
            response.header("Content-Type", "text/html; charset=utf-8").end(PAGE);
        } else {
            response.status(404).header("Content-Type", "text/plain").end("Not Found\n");
        }
    }

    private static void broadcast(WebSocketServer server, String text) {
        for (long fd : server.establishedConnections()) {
            server.push(fd, text); // false for one that closed meanwhile: nothing to do
        }
    }
}
