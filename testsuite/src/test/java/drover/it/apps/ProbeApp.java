package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A test app that reports what its worker saw, packed into a jar at test time (TestAppJar). Packets
 * are length-prefixed as in the echo example. A body "hi" is answered "W<worker> S<session>
 * N<packets before this one> C<onConnect came first>"; "reset" and "close" close the session;
 * "bind <uid>" binds it; "big <bytes>" answers that many bytes; anything else is echoed. Every
 * onClose and onSendFailed is printed to standard error, which the server's log collects.
 */
public final class ProbeApp implements DroverApp {
    /** Packets seen per session on this worker; present from onConnect to onClose. */
    private final Map<Long, Integer> sessions = new HashMap<>();
    private final Map<Long, Integer> sendFailures = new HashMap<>();

    @Override
    public void onConnect(Server server, long sessionId) {
        sessions.put(sessionId, 0);
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String body = new String(data, 4, data.length - 4, StandardCharsets.ISO_8859_1);
        boolean connected = sessions.containsKey(sessionId);
        int seen = sessions.merge(sessionId, 1, Integer::sum) - 1;
        if (body.equals("hi")) {
            reply(server, sessionId, "W" + server.workerId() + " S" + Long.toUnsignedString(sessionId) + " N" + seen
                    + " C" + connected);
        } else if (body.equals("reset")) {
            server.close(sessionId, true);
        } else if (body.equals("close")) {
            server.close(sessionId);
        } else if (body.startsWith("bind ")) {
            server.bind(sessionId, Long.parseLong(body.substring(5)));
            reply(server, sessionId, "bound");
        } else if (body.startsWith("big ")) {
            server.send(sessionId, new byte[Integer.parseInt(body.substring(4))]);
        } else {
            server.send(sessionId, data);
        }
    }

    @Override
    public void onClose(Server server, long sessionId) {
        Integer seen = sessions.remove(sessionId);
        System.err.println("probe onClose S" + Long.toUnsignedString(sessionId) + " W" + server.workerId()
                + " received=" + seen + " failedSends=" + sendFailures.getOrDefault(sessionId, 0));
        sendFailures.remove(sessionId);
    }

    @Override
    public void onSendFailed(Server server, long sessionId, String reason) {
        if (sendFailures.merge(sessionId, 1, Integer::sum) == 1) {
            System.err.println("probe onSendFailed S" + Long.toUnsignedString(sessionId) + " " + reason);
        }
    }

    private static void reply(Server server, long sessionId, String text) {
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }
}
