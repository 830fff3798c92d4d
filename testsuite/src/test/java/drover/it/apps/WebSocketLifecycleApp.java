package drover.it.apps;

import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.Handshake;
import drover.worker.api.websocket.Opcode;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket app of WebSocketLifecycleIT (one worker): counts onOpen and onClose and keeps the
 * close codes, for GET /counts. An upgrade to /slow takes 4 seconds to decide, as an app checking a
 * token with a slow service would: longer than the heartbeat lets an idle connection live. Text
 * messages come back as "fin=FINISH:TEXT", binary ones as they came.
 */
public final class WebSocketLifecycleApp implements WebSocketApp {
    private static final AtomicInteger OPENS = new AtomicInteger();
    private static final AtomicInteger CLOSES = new AtomicInteger();
    private static final List<Integer> CODES = new CopyOnWriteArrayList<>();

    @Override
    public Handshake onHandshake(Request request) {
        if (request.path().equals("/slow")) {
            try {
                Thread.sleep(4000); // the app's own slowness, not a test's synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Handshake.accept();
    }

    @Override
    public void onOpen(WebSocketServer server, long fd, Request request) {
        OPENS.incrementAndGet();
    }

    /** Text comes back marked with its finish flag (fragments with websocket_pass_fragments); binary as it came. */
    @Override
    public void onMessage(WebSocketServer server, Frame frame) {
        if (frame.opcode() == Opcode.TEXT) {
            server.push(frame.fd(), "fin=" + frame.finish() + ":" + frame.text());
        } else {
            server.push(frame.fd(), frame.payload(), frame.opcode());
        }
    }

    @Override
    public void onClose(WebSocketServer server, long fd, int code, String reason) {
        CODES.add(code);
        CLOSES.incrementAndGet();
    }

    @Override
    public void onRequest(Request request, Response response) {
        response.header("Content-Type", "text/plain").end("opens=" + OPENS.get() + " closes=" + CLOSES.get()
                + " codes=" + CODES);
    }
}
