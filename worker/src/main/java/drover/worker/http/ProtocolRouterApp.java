package drover.worker.http;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's app when the server has HTTP and packet listeners at once (listen suffixes): the
 * sessions of HTTP listeners (marked by the reactor's CONNECT, {@link #markHttp}) go to the
 * {@link HttpAppAdapter} (or the WebSocketAppAdapter, whose upgraded sessions stay HTTP sessions
 * here), every other session to the {@link DroverApp}. One class may be both; its
 * lifecycle, pipe message and task callbacks then run once. With two classes they go to the
 * DroverApp, and onWorkerStart, onWorkerStop and onWorkerExit to both.
 */
public final class ProtocolRouterApp extends AppCallbacksAdapter {
    private final DroverApp packets;
    private final AppCallbacksAdapter http;
    /** Both services are one object: its callbacks run once. */
    private final boolean oneApp;
    private final Set<Long> httpSessions = ConcurrentHashMap.newKeySet();

    /** @param http the HTTP listeners' app: an HttpAppAdapter, or a WebSocketAppAdapter (upgrades and onRequest) */
    public ProtocolRouterApp(DroverApp packets, AppCallbacksAdapter http) {
        super(packets); // pipe messages and tasks: AppCallbacksAdapter forwards them to the DroverApp
        this.packets = packets;
        this.http = http;
        this.oneApp = packets == http.callbacks();
    }

    public DroverApp packets() {
        return packets;
    }

    public AppCallbacksAdapter http() {
        return http;
    }

    /** The reactor says this session's listener speaks HTTP; before any of its callbacks. */
    public void markHttp(long sessionId) {
        httpSessions.add(sessionId);
    }

    private DroverApp appOf(long sessionId) {
        return httpSessions.contains(sessionId) ? http : packets;
    }

    @Override
    public void onWorkerStart(Server server, int workerId) {
        http.onWorkerStart(server, workerId); // with one app, this runs its onWorkerStart
        if (!oneApp) {
            super.onWorkerStart(server, workerId);
        }
    }

    @Override
    public void onWorkerStop(Server server, int workerId) {
        http.onWorkerStop(server, workerId);
        if (!oneApp) {
            super.onWorkerStop(server, workerId);
        }
    }

    @Override
    public void onWorkerExit(Server server, int workerId) {
        http.onWorkerExit(server, workerId);
        if (!oneApp) {
            super.onWorkerExit(server, workerId);
        }
    }

    @Override
    public void onConnect(Server server, long sessionId) {
        appOf(sessionId).onConnect(server, sessionId);
    }

    @Override
    public void onReceive(Server server, long sessionId, ByteBuffer data) {
        appOf(sessionId).onReceive(server, sessionId, data);
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        appOf(sessionId).onReceive(server, sessionId, data);
    }

    @Override
    public void onSendFailed(Server server, long sessionId, String reason) {
        appOf(sessionId).onSendFailed(server, sessionId, reason);
    }

    @Override
    public void onBufferFull(Server server, long sessionId) {
        appOf(sessionId).onBufferFull(server, sessionId);
    }

    @Override
    public void onBufferEmpty(Server server, long sessionId) {
        appOf(sessionId).onBufferEmpty(server, sessionId);
    }

    @Override
    public void onDrain(Server server, long sessionId) {
        appOf(sessionId).onDrain(server, sessionId);
    }

    @Override
    public void onClose(Server server, long sessionId) {
        appOf(sessionId).onClose(server, sessionId);
        httpSessions.remove(sessionId);
    }
}
