package drover.worker.websocket;

import drover.common.frame.WebSocketWire;
import drover.common.http.HttpPacketFormatException;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.Handshake;
import drover.worker.api.websocket.Opcode;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;
import drover.worker.http.AppCallbacksAdapter;
import drover.worker.http.HttpExchangeHandler;
import java.util.Arrays;

/**
 * Runs a {@link WebSocketApp} as the worker's {@link DroverApp} (docs/WEBSOCKET.md). Its sessions
 * start as HTTP: plain requests go to {@code onRequest}; an upgrade request (the reactor checked it
 * and hands on only valid ones) goes to {@code onHandshake}, and when accepted the reactor is told
 * (it sends the 101) and {@code onOpen} follows. After that each DATA packet of the session is a
 * message ({@link WebSocketWire}), for {@code onMessage}; the session's CLOSE carries the close
 * status for {@code onClose}.
 */
public final class WebSocketAppAdapter extends AppCallbacksAdapter {
    private final WebSocketApp app;
    // set in onWorkerStart, on the loop thread, before any packet (as HttpAppAdapter's)
    private WebSocketServer server;
    private WebSocketConnections connections;
    private HttpExchangeHandler http;

    public WebSocketAppAdapter(WebSocketApp app) {
        super(app);
        this.app = app;
    }

    /** The user's class, for the log. */
    public WebSocketApp app() {
        return app;
    }

    /** In a task worker only the shared callbacks run (onTask pushes through its WebSocketServer handle). */
    @Override
    public void onWorkerStart(Server server, int workerId) {
        if (server instanceof WebSocketConnections.Holder holder && server instanceof WebSocketServer webSocketServer) {
            this.server = webSocketServer;
            this.connections = holder.webSocketConnections();
            this.http = new HttpExchangeHandler(new Requests(), server, System::currentTimeMillis);
        } else if (!server.isTaskWorker()) {
            throw new IllegalStateException("a WebSocketApp needs a worker's WebSocketServer handle, got " + server);
        }
        super.onWorkerStart(server, workerId);
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        if (WebSocketWire.isMessage(data)) {
            Opcode opcode = Opcode.of(WebSocketWire.opcode(data));
            app.onMessage(this.server, new Frame(sessionId, opcode, Arrays.copyOfRange(data, 1, data.length),
                    WebSocketWire.finish(data)));
            return;
        }
        try {
            http.onReceive(sessionId, data);
        } catch (HttpPacketFormatException e) {
            Log.error("session " + SessionId.format(sessionId) + ": unreadable HTTP packet from the reactor: "
                    + e.getMessage());
        }
    }

    @Override
    public void onSendFailed(Server server, long sessionId, String reason) {
        Log.warn("session " + SessionId.format(sessionId) + ": a push or response could not be sent (" + reason + ")");
    }

    @Override
    public void onClose(Server server, long sessionId) {
        WebSocketConnections.CloseStatus status = connections.takeCloseStatus(sessionId);
        http.onClose(sessionId);
        if (status != null) {
            app.onClose(this.server, sessionId, status.code(), status.reason());
        }
    }

    /** A request packet: an upgrade (valid, the reactor checked it) for onHandshake, any other for onRequest. */
    private final class Requests implements HttpApp {
        @Override
        public void onRequest(Request request, Response response) {
            if (!isUpgrade(request)) {
                app.onRequest(request, response);
                return;
            }
            Handshake decision;
            try {
                decision = app.onHandshake(request);
            } catch (RuntimeException e) {
                Log.error("session " + SessionId.format(request.sessionId()) + ": onHandshake failed; refused with 500", e);
                decision = Handshake.refuse(500, "the server failed to take the upgrade");
            }
            if (decision == null || !decision.isAccepted()) {
                Handshake refusal = decision == null ? Handshake.refuse(500, "onHandshake returned null") : decision;
                // the reactor closes the connection once this answer is written
                response.status(refusal.status()).header("Content-Type", "text/plain; charset=utf-8").closeConnection()
                        .end(refusal.reason() + "\n");
                return;
            }
            connections.accept(request.sessionId(), decision.subprotocol());
            app.onOpen(server, request.sessionId(), request);
        }

        private boolean isUpgrade(Request request) {
            for (String field : request.headers("Upgrade")) {
                for (String token : field.split(",")) {
                    if (token.trim().equalsIgnoreCase("websocket")) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
