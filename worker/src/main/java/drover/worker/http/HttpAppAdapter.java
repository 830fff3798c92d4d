package drover.worker.http;

import drover.common.http.HttpPacketFormatException;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;

/**
 * Runs an {@link HttpApp} as the worker's {@link DroverApp}: with open_http_protocol every DATA
 * packet is an HTTP packet for the {@link HttpExchangeHandler}, and a session's close drops the
 * responses it still held; the lifecycle, pipe message and task callbacks go to the app's own. So
 * the worker loop and the task worker need no HTTP branch of their own.
 */
public final class HttpAppAdapter extends AppCallbacksAdapter {
    private final HttpApp app;
    // set in onWorkerStart, on the loop thread, before any request: the virtual threads of
    // worker_mode=virtual are all started after it, so they see it
    private HttpExchangeHandler handler;

    public HttpAppAdapter(HttpApp app) {
        super(app);
        this.app = app;
    }

    /** The user's class, for the log. */
    public HttpApp app() {
        return app;
    }

    @Override
    public void onWorkerStart(Server server, int workerId) {
        handler = new HttpExchangeHandler(app, server, System::currentTimeMillis);
        super.onWorkerStart(server, workerId);
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        try {
            handler.onReceive(sessionId, data);
        } catch (HttpPacketFormatException e) {
            // the handler already closed the session; a reactor of another build is the likely cause
            Log.error("session " + SessionId.format(sessionId) + ": unreadable HTTP packet from the reactor: "
                    + e.getMessage());
        }
    }

    /**
     * The reactor could not queue a response (the client reads too slowly for its HTTP output
     * ceiling) and closes the connection: an HttpApp has no callback for it, so the log tells.
     */
    @Override
    public void onSendFailed(Server server, long sessionId, String reason) {
        Log.warn("session " + SessionId.format(sessionId) + ": a response could not be sent (" + reason
                + "); the connection is closed");
    }

    @Override
    public void onClose(Server server, long sessionId) {
        handler.onClose(sessionId);
    }
}
