package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.common.http.HttpVersion;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.Handshake;
import drover.worker.api.websocket.Opcode;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;
import drover.worker.websocket.WebSocketAppAdapter;
import drover.worker.websocket.WebSocketConnections;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A WebSocketApp run by its adapter against a fake server: what the app is called with, what the reactor is sent. */
class WebSocketAppAdapterTest {
    private static final String[] UPGRADE = {"Upgrade", "websocket", "Connection", "Upgrade"};

    /** Records the frames that would go to the reactor. */
    static final class WsServer extends UnusedServer implements WebSocketServer, HttpExchangeHandler.Sessions,
            WebSocketConnections.Holder {
        final List<String> frames = new ArrayList<>();
        final StringBuilder sent = new StringBuilder();
        final WebSocketConnections connections = new WebSocketConnections(this::frame, 1 << 20);

        private boolean frame(FrameType type, int flags, long fd, byte[] payload) {
            frames.add(type + " " + Integer.toHexString(flags) + " " + fd + " " + payload.length);
            return true;
        }

        @Override
        public WebSocketConnections webSocketConnections() {
            return connections;
        }

        @Override
        public boolean send(long sessionId, byte[] data) {
            sent.append(new String(data, StandardCharsets.ISO_8859_1));
            return true;
        }

        @Override
        public boolean close(long sessionId) {
            frames.add("close " + sessionId);
            return true;
        }

        @Override
        public boolean close(long sessionId, boolean reset) {
            return close(sessionId);
        }

        @Override
        public boolean push(long fd, byte[] data, Opcode opcode) {
            return connections.push(fd, data, opcode);
        }

        @Override
        public boolean disconnect(long fd, int code, String reason) {
            return connections.disconnect(fd, code, reason);
        }

        @Override
        public boolean isEstablished(long fd) {
            return connections.isEstablished(fd);
        }

        @Override
        public int establishedCount() {
            return connections.count();
        }

        @Override
        public Set<Long> establishedConnections() {
            return connections.snapshot();
        }
    }

    private final WsServer server = new WsServer();
    private final List<String> calls = new ArrayList<>();

    private final WebSocketApp app = new WebSocketApp() {
        @Override
        public Handshake onHandshake(drover.worker.api.http.Request request) {
            return request.path().equals("/deny") ? Handshake.refuse(403, "no entry") : Handshake.accept();
        }

        @Override
        public void onOpen(WebSocketServer s, long fd, drover.worker.api.http.Request request) {
            calls.add("open " + fd + " established=" + s.isEstablished(fd));
        }

        @Override
        public void onMessage(WebSocketServer s, Frame frame) {
            calls.add("message " + frame.fd() + " " + frame.opcode() + " " + frame.text());
            s.push(frame.fd(), frame.payload(), frame.opcode());
        }

        @Override
        public void onClose(WebSocketServer s, long fd, int code, String reason) {
            calls.add("close " + fd + " " + code + " " + reason);
        }
    };
    private final WebSocketAppAdapter adapter = new WebSocketAppAdapter(app);

    @Test
    void anAcceptedUpgradeTellsTheReactorOpensAndEchoesThenClosesWithTheReactorsStatus() {
        adapter.onWorkerStart(server, 0);
        adapter.onReceive(server, 7, HttpExchangeHandlerTest.get("/chat", HttpVersion.HTTP_1_1, true, UPGRADE));
        assertEquals(List.of("RESPONSE_END 10 7 0"), server.frames, "the accept, which makes the reactor send the 101");
        assertEquals(List.of("open 7 established=true"), calls);

        adapter.onReceive(server, 7, WebSocketWire.message(1, true, "hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals("message 7 TEXT hi", calls.get(1));
        assertEquals("SEND 11 7 2", server.frames.get(1), "pushed as text: WEBSOCKET_FLAG | opcode 1");

        server.connections.endedWith(7, ByteBuffer.wrap(WebSocketWire.close(1001, "idle")));
        adapter.onClose(server, 7);
        assertEquals("close 7 1001 idle", calls.get(2));
        assertFalse(server.isEstablished(7));
        assertFalse(server.push(7, new byte[1], Opcode.BINARY), "no push to a closed connection");
    }

    @Test
    void aRefusedUpgradeIsAnsweredWithItsStatusAndNeverOpens() {
        adapter.onWorkerStart(server, 0);
        adapter.onReceive(server, 8, HttpExchangeHandlerTest.get("/deny", HttpVersion.HTTP_1_1, true, UPGRADE));
        assertTrue(server.sent.toString().startsWith("HTTP/1.1 403 "), server.sent.toString());
        assertTrue(server.sent.toString().endsWith("no entry\n"), server.sent.toString());
        assertTrue(calls.isEmpty());
        adapter.onClose(server, 8);
        assertTrue(calls.isEmpty(), "no onClose for a connection never opened");
    }

    @Test
    void plainRequestsGoToOnRequestWhichAnswers426ByDefault() {
        adapter.onWorkerStart(server, 0);
        adapter.onReceive(server, 9, HttpExchangeHandlerTest.get("/", HttpVersion.HTTP_1_1, true));
        assertTrue(server.sent.toString().startsWith("HTTP/1.1 426 "), server.sent.toString());
    }

    @Test
    void pushesAndDisconnectsAreCheckedBeforeAnythingIsSent() {
        server.connections.opened(5);
        assertThrows(IllegalArgumentException.class, () -> server.push(5, new byte[] {(byte) 0xC3}, Opcode.TEXT));
        assertThrows(IllegalArgumentException.class, () -> server.push(5, new byte[126], Opcode.PING));
        assertThrows(IllegalArgumentException.class, () -> server.disconnect(5, 1005, ""));
        assertTrue(server.frames.isEmpty());
        assertTrue(server.disconnect(5, 4000, "x".repeat(200)));
        assertEquals(List.of("CLOSE_REQUEST 10 5 125"), server.frames, "the reason cut to 123 bytes");
        assertFalse(server.isEstablished(5), "closing: no longer established");
        assertFalse(server.disconnect(5));
    }

    @Test
    void everyWorkerKnowsTheConnectionsTheReactorAnnounced() {
        server.connections.opened(1);
        server.connections.opened(2);
        assertEquals(2, server.establishedCount());
        assertEquals(Set.of(1L, 2L), server.establishedConnections());
        server.connections.ended(1);
        assertEquals(Set.of(2L), server.establishedConnections());
    }
}
