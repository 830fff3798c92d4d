package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpVersion;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP and packet listeners at once: each session's callbacks go to the app for its listener. */
class ProtocolRouterAppTest {
    final HttpExchangeHandlerTest.RecordingServer server = new HttpExchangeHandlerTest.RecordingServer();
    final List<String> calls = new ArrayList<>();

    final class Packets implements DroverApp {
        @Override
        public void onWorkerStart(Server server, int workerId) {
            calls.add("packets start");
        }

        @Override
        public void onConnect(Server server, long sessionId) {
            calls.add("connect " + sessionId);
        }

        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            calls.add("packet " + sessionId + " " + new String(data));
        }

        @Override
        public void onClose(Server server, long sessionId) {
            calls.add("close " + sessionId);
        }
    }

    /** One class serving both: its lifecycle callbacks run once. */
    final class Both implements DroverApp, HttpApp {
        @Override
        public void onWorkerStart(Server server, int workerId) {
            calls.add("start");
        }

        @Override
        public void onRequest(Request request, Response response) {
            response.end("hi " + request.path());
        }

        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            calls.add("packet " + sessionId);
        }
    }

    @Test
    void httpSessionsGoToTheHttpAppAndTheOthersToThePacketApp() {
        ProtocolRouterApp router = new ProtocolRouterApp(new Packets(),
                new HttpAppAdapter((request, response) -> response.end("hi " + request.path())));
        router.onWorkerStart(server, 0);
        router.markHttp(7);
        router.onConnect(server, 7);
        router.onReceive(server, 7, HttpExchangeHandlerTest.get("/a", HttpVersion.HTTP_1_1, true));
        router.onConnect(server, 8);
        router.onReceive(server, 8, "raw".getBytes());
        router.onClose(server, 8);
        router.onClose(server, 7);

        assertTrue(server.sent.toString().endsWith("\r\n\r\nhi /a"), server.sent.toString());
        assertEquals(List.of("packets start", "connect 8", "packet 8 raw", "close 8"), calls,
                "the packet app hears nothing of the HTTP session");
    }

    @Test
    void oneClassServingBothStartsOnce() {
        Both both = new Both();
        ProtocolRouterApp router = new ProtocolRouterApp(both, new HttpAppAdapter(both));
        router.onWorkerStart(server, 0);
        router.onReceive(server, 3, "x".getBytes());
        assertEquals(List.of("start", "packet 3"), calls);
    }
}
