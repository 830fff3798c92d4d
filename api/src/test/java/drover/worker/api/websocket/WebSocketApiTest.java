package drover.worker.api.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketApiTest {
    /** Records what a callback did to its response. */
    static final class RecordedResponse implements Response {
        int status = 200;
        final Map<String, String> headers = new LinkedHashMap<>();
        String body;

        @Override
        public Response status(int code) {
            status = code;
            return this;
        }

        @Override
        public Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public Response closeConnection() {
            return this;
        }

        @Override
        public Response write(byte[] data) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Response write(String text) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public void end(byte[] data) {
            body = new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public void end(String text) {
            body = text;
        }

        @Override
        public void end() {
            body = "";
        }

        @Override
        public boolean isEnded() {
            return body != null;
        }
    }

    @Test
    void opcodesMatchTheWireValues() {
        assertEquals(1, Opcode.TEXT.code());
        assertEquals(10, Opcode.PONG.code());
        for (Opcode opcode : Opcode.values()) {
            assertEquals(opcode, Opcode.of(opcode.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> Opcode.of(8));   // close is not a message
    }

    @Test
    void aRefusalCarriesAnErrorStatusAndItsReason() {
        Handshake refused = Handshake.refuse(403, "bad token");
        assertFalse(refused.isAccepted());
        assertEquals(403, refused.status());
        assertEquals("bad token", refused.reason());
        assertThrows(IllegalArgumentException.class, () -> Handshake.refuse(302, "elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> Handshake.refuse(101, "no"));
        Handshake chat = Handshake.accept("chat");
        assertTrue(chat.isAccepted());
        assertEquals("chat", chat.subprotocol());
        assertNull(Handshake.accept().subprotocol());
    }

    @Test
    void aMinimalAppAcceptsEveryUpgradeAndAnswersPlainHttpWith426() {
        WebSocketApp echo = (server, frame) -> server.push(frame.fd(), frame.payload(), frame.opcode());
        assertTrue(echo.onHandshake(null).isAccepted());
        RecordedResponse response = new RecordedResponse();
        echo.onRequest(null, response);
        assertEquals(426, response.status);
        assertEquals("websocket", response.headers.get("Upgrade"));
        assertTrue(response.isEnded());
    }

    @Test
    void aFrameDecodesItsText() {
        Frame frame = new Frame(7, Opcode.TEXT, "κόσμε".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("κόσμε", frame.text());
        assertThrows(NullPointerException.class, () -> new Frame(7, null, new byte[0], true));
    }
}
