package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpAppAdapterTest {
    final HttpExchangeHandlerTest.RecordingServer server = new HttpExchangeHandlerTest.RecordingServer();
    final HttpAppAdapter adapter = new HttpAppAdapter((request, response) -> response.end("hi " + request.path()));

    @Test
    void packetsBecomeRequestsAndResponses() {
        adapter.onWorkerStart(server, 0);
        adapter.onReceive(server, 7, HttpExchangeHandlerTest.get("/a", HttpVersion.HTTP_1_1, true));
        String sent = server.sent.toString();
        assertTrue(sent.startsWith("HTTP/1.1 200 OK\r\n") && sent.endsWith("\r\n\r\nhi /a"), sent);
        assertEquals(List.of(), server.closed);
    }

    @Test
    void anUnreadablePacketClosesItsSessionAndTheWorkerGoesOn() {
        adapter.onWorkerStart(server, 0);
        adapter.onReceive(server, 8, new byte[] {99});
        assertEquals(List.of(8L), server.closed);
        adapter.onReceive(server, 9, HttpExchangeHandlerTest.get("/b", HttpVersion.HTTP_1_1, true));
        assertTrue(server.sent.toString().endsWith("hi /b"), server.sent.toString());
    }

    @Test
    void responsesEndedAfterTheCloseAreDropped() {
        List<drover.worker.api.http.Response> held = new java.util.ArrayList<>();
        HttpAppAdapter later = new HttpAppAdapter((request, response) -> held.add(response));
        later.onWorkerStart(server, 0);
        later.onReceive(server, 5, HttpExchangeHandlerTest.get("/", HttpVersion.HTTP_1_1, true));
        later.onClose(server, 5);
        held.getFirst().end("too late");
        assertEquals("", server.sent.toString());
    }
}
