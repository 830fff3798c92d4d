package drover.worker.api.websocket;

import drover.worker.api.WorkerCallbacks;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;

/**
 * A WebSocket application, as Swoole's WebSocket\Server callbacks. The reactor does the protocol:
 * it checks each upgrade request (RFC 6455: 400 or 426 when invalid), reassembles fragments,
 * checks UTF-8, answers pings and runs the close handshake; the app sees connections open, whole
 * messages and closes. Callbacks for one fd run in order (open, messages, close), on the worker's
 * loop or, with {@code worker_mode=virtual}, on the connection's virtual thread; a connection's
 * messages may go to any worker (and to a new worker after a reload), so keep per-connection
 * state in a {@link drover.worker.api.Table} rather than in one worker's memory.
 *
 * <p>The other callbacks are {@link WorkerCallbacks}, shared with every kind of app.
 */
@FunctionalInterface
public interface WebSocketApp extends WorkerCallbacks {
    /**
     * A valid upgrade request, before the 101 goes out: accept it (choosing a subprotocol from its
     * Sec-WebSocket-Protocol if you like) or refuse it with a status, e.g. after checking a cookie
     * or the Origin. Accepts by default. An exception refuses with 500.
     *
     * @param request the upgrade request, with its headers, cookies and Origin
     * @return {@link Handshake#accept()} or {@link Handshake#refuse}
     */
    default Handshake onHandshake(Request request) {
        return Handshake.accept();
    }

    /**
     * The connection is established (the 101 was sent); fd may be pushed to from now on.
     *
     * @param server  the handle on the server
     * @param fd      the new connection
     * @param request the upgrade request, with its headers, cookies and Origin
     */
    default void onOpen(WebSocketServer server, long fd, Request request) {
    }

    /**
     * A message from the client. An exception is logged with the fd; the connection stays open.
     *
     * @param server the handle on the server
     * @param frame  the message and the fd it came on
     */
    void onMessage(WebSocketServer server, Frame frame);

    /**
     * The connection ended; fd is no longer established. Called once per opened connection.
     *
     * @param server the handle on the server
     * @param fd     the connection that ended
     * @param code   the status of the close frame that ended it (sent or received): 1000 normal,
     *               1001 going away (also an idle connection), 1002 protocol error, 1007 bad UTF-8,
     *               1009 too big, 1011 server error, 3000..4999 the app's; 1005 when the client's
     *               close frame had no code, 1006 when the connection was lost without one
     * @param reason the close frame's reason, possibly empty
     */
    default void onClose(WebSocketServer server, long fd, int code, String reason) {
    }

    /**
     * A plain HTTP request (no Upgrade: websocket) on the same port, e.g. the page that opens the
     * WebSocket. By default answered with 426 Upgrade Required.
     *
     * @param request  the request, complete with its body
     * @param response where its response goes; end it exactly once, as in {@link drover.worker.api.http.HttpApp}
     */
    default void onRequest(Request request, Response response) {
        response.status(426).header("Upgrade", "websocket").header("Content-Type", "text/plain; charset=utf-8")
                .end("this address speaks WebSocket\n");
    }
}
