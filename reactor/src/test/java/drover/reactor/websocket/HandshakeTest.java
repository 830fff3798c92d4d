package drover.reactor.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";   // RFC 6455 section 1.3

    private static HttpHeaders upgrade(String... more) {
        String[] base = {"Host", "server.example.com", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return HttpHeaders.of(all);
    }

    private static HandshakeOutcome.Refused refused(HandshakeOutcome outcome) {
        return assertInstanceOf(HandshakeOutcome.Refused.class, outcome);
    }

    @Test
    void computesTheAcceptValueOfRfc6455Section13() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptValue(KEY));
    }

    @Test
    void acceptsAValidUpgradeAndKeepsOriginAndProtocolsForTheApp() {
        HttpHeaders headers = upgrade("Origin", "http://example.com", "Sec-WebSocket-Protocol", "chat, superchat",
                "Connection", "keep-alive");
        var accepted = assertInstanceOf(HandshakeOutcome.Accepted.class, Handshake.check("GET", "HTTP/1.1", headers, false));
        assertEquals("http://example.com", accepted.origin());
        assertEquals(List.of("chat", "superchat"), accepted.protocols());
        assertNull(accepted.deflate());
        String response = new String(accepted.response("chat"), StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n", response);
        assertThrows(IllegalArgumentException.class, () -> accepted.response("other"));
    }

    @Test
    void acceptsTokensInAnyCaseAndInLists() {
        HttpHeaders headers = HttpHeaders.of("Upgrade", "h2c, WebSocket", "Connection", "keep-alive, UPGRADE",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13");
        assertInstanceOf(HandshakeOutcome.Accepted.class, Handshake.check("GET", "HTTP/1.1", headers, false));
    }

    @Test
    void answersAnotherVersionWith426NamingVersion13() {
        HttpHeaders headers = HttpHeaders.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "8");
        HandshakeOutcome.Refused refused = refused(Handshake.check("GET", "HTTP/1.1", headers, false));
        assertEquals(426, refused.status());
        String response = new String(refused.response(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), response);
        assertTrue(response.contains("\r\nSec-WebSocket-Version: 13\r\n"), response);
        assertTrue(response.contains("\r\nConnection: close\r\n"), response);
    }

    @Test
    void refusesBadRequestsWith400() {
        assertEquals(400, refused(Handshake.check("POST", "HTTP/1.1", upgrade(), false)).status());
        assertEquals(400, refused(Handshake.check("GET", "HTTP/1.0", upgrade(), false)).status());
        HttpHeaders noConnection = HttpHeaders.of("Upgrade", "websocket", "Sec-WebSocket-Key", KEY,
                "Sec-WebSocket-Version", "13");
        assertEquals(400, refused(Handshake.check("GET", "HTTP/1.1", noConnection, false)).status());
        for (String key : new String[] {"", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZ!==",
                "dGhlIHNhbXBsZSBub25jZSE="}) {
            HttpHeaders headers = HttpHeaders.of("Upgrade", "websocket", "Connection", "Upgrade",
                    "Sec-WebSocket-Key", key, "Sec-WebSocket-Version", "13");
            assertEquals(400, refused(Handshake.check("GET", "HTTP/1.1", headers, false)).status(), key);
        }
        assertEquals(400, refused(Handshake.check("GET", "HTTP/1.1", upgrade("Sec-WebSocket-Key", KEY), false)).status());
    }

    @Test
    void tellsUpgradeRequestsFromPlainOnes() {
        assertTrue(Handshake.isUpgradeRequest(upgrade()));
        assertEquals(false, Handshake.isUpgradeRequest(HttpHeaders.of("Connection", "Upgrade")));
    }

    @Test
    void negotiatesPermessageDeflateOnlyWhenCompressionIsOn() {
        HttpHeaders headers = upgrade("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
        var off = assertInstanceOf(HandshakeOutcome.Accepted.class, Handshake.check("GET", "HTTP/1.1", headers, false));
        assertNull(off.deflate());
        var on = assertInstanceOf(HandshakeOutcome.Accepted.class, Handshake.check("GET", "HTTP/1.1", headers, true));
        assertEquals(new DeflateParameters(false, false), on.deflate());
        assertTrue(new String(on.response(null), StandardCharsets.ISO_8859_1)
                .contains("\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"));
    }
}
