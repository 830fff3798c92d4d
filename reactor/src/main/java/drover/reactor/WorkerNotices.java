package drover.reactor;

import drover.common.frame.FrameType;
import drover.common.frame.ProxyConnectInfo;
import drover.common.frame.WebSocketWire;

/**
 * What the workers were told of one session, so that its end matches its start: whether its CONNECT
 * went out and with which listener flags, what a PROXY header said besides the address, and whether
 * it became a WebSocket (every worker then holds it in its set, and the close carries its status).
 * Owned by the connection's reactor thread.
 */
final class WorkerNotices {
    /** The listener's CONNECT flags (HTTP), kept for a CONNECT that waits for a layer. */
    private int connectFlags;
    /** Its home worker has had its CONNECT, so it is owed a CLOSE (and a SESSION_DRAIN at a stop). */
    private boolean announced;
    /** What a PROXY header said besides the client's address, for the CONNECT; null without one. */
    private ProxyConnectInfo proxy;
    private boolean webSocket;
    /** The WebSocket's close status, once its layer knows it; 1006 (abnormal) until then. */
    private int webSocketCode = 1006;
    private String webSocketReason = "";

    void listenerFlags(int flags) {
        connectFlags = flags;
    }

    /** The CONNECT's flags: the listener's, the layer's, and whether PROXY details follow the address. */
    int connectFlags(int layerFlags) {
        return connectFlags | layerFlags | (proxy != null ? FrameType.PROXY_SESSION_FLAG : 0);
    }

    /** The CONNECT's payload: the layer's, then the PROXY header's details when there was one. */
    byte[] connectPayload(byte[] payload) {
        return proxy != null ? proxy.appendTo(payload) : payload;
    }

    void proxyDetails(ProxyConnectInfo details) {
        proxy = details;
    }

    boolean announced() {
        return announced;
    }

    void markAnnounced() {
        announced = true;
    }

    /** True the first time: the workers are to be told that it is a WebSocket now. */
    boolean webSocketOpened() {
        if (webSocket) {
            return false;
        }
        webSocket = true;
        return true;
    }

    void webSocketEnded(int code, String reason) {
        webSocketCode = code;
        webSocketReason = reason;
    }

    boolean isWebSocket() {
        return webSocket;
    }

    /** The WebSocket close status for the worker's CLOSE (WebSocketWire.close). */
    byte[] webSocketCloseStatus() {
        return WebSocketWire.close(webSocketCode, webSocketReason);
    }
}
