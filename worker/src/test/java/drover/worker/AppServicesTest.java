package drover.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import drover.worker.api.websocket.Frame;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.api.websocket.WebSocketServer;
import drover.worker.http.HttpAppAdapter;
import drover.worker.http.ProtocolRouterApp;
import drover.worker.websocket.WebSocketAppAdapter;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppServicesTest {
    public static final class PacketApp implements DroverApp {
        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            server.send(sessionId, data);
        }
    }

    public static final class BufferApp implements DroverApp {
        @Override
        public void onReceive(Server server, long sessionId, ByteBuffer data) {
            server.send(sessionId, data);
        }
    }

    /** Ends its sessions its own way when the server stops. */
    public static final class DrainingApp implements DroverApp {
        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            server.send(sessionId, data);
        }

        @Override
        public void onDrain(Server server, long sessionId) {
            server.close(sessionId);
        }
    }

    /** Compiles, as both onReceive methods are default, but could serve no packet. */
    public static final class DeafApp implements DroverApp {
    }

    public static final class WebApp implements HttpApp {
        @Override
        public void onRequest(Request request, Response response) {
            response.end("hi");
        }
    }

    @TempDir
    Path dir;

    /** A class path entry holding only service files; the named classes come from the test class path. */
    private ClassLoader appWith(boolean packetApp, boolean httpApp) throws IOException {
        return appWith(packetApp ? PacketApp.class : null, httpApp);
    }

    private ClassLoader appWith(Class<? extends DroverApp> packetApp, boolean httpApp) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        if (packetApp != null) {
            Files.writeString(services.resolve(DroverApp.class.getName()), packetApp.getName() + "\n");
        }
        if (httpApp) {
            Files.writeString(services.resolve(HttpApp.class.getName()), WebApp.class.getName() + "\n");
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void packetProtocolGetsThePacketApp() throws Exception {
        assertInstanceOf(PacketApp.class, AppServices.find(appWith(true, false), dir, false));
    }

    @Test
    void httpAndPacketListenersAtOnceGetARouterOverBothApps() throws Exception {
        ProtocolRouterApp router = assertInstanceOf(ProtocolRouterApp.class,
                AppServices.find(appWith(true, true), dir, true, true));
        assertInstanceOf(PacketApp.class, router.packets());
        assertInstanceOf(WebApp.class, router.http().callbacks());
    }

    /** One class for a length listener and a WebSocket listener at once. */
    public static final class ChatAndPacketApp implements DroverApp, WebSocketApp {
        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            server.send(sessionId, data);
        }

        @Override
        public void onMessage(WebSocketServer server, Frame frame) {
            server.push(frame.fd(), frame.payload(), frame.opcode());
        }
    }

    @Test
    void httpAndPacketListenersServeAWebSocketAppOnTheHttpOnes() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(DroverApp.class.getName()), ChatAndPacketApp.class.getName() + "\n");
        Files.writeString(services.resolve(WebSocketApp.class.getName()), ChatAndPacketApp.class.getName() + "\n");
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        ProtocolRouterApp router = assertInstanceOf(ProtocolRouterApp.class, AppServices.find(loader, dir, true, true));
        assertInstanceOf(ChatAndPacketApp.class, router.packets());
        WebSocketAppAdapter webSocket = assertInstanceOf(WebSocketAppAdapter.class, router.http());
        assertInstanceOf(ChatAndPacketApp.class, webSocket.app());
    }

    @Test
    void httpAndPacketListenersNeedBothKindsOfApp() throws Exception {
        ClassLoader packetsOnly = appWith(true, false);
        AppLoader.AppLoadException refused = assertThrows(AppLoader.AppLoadException.class,
                () -> AppServices.find(packetsOnly, dir, true, true));
        assertTrue(refused.getMessage().contains("listen has HTTP and packet listeners")
                && refused.getMessage().contains("it has no HTTP app"), refused.getMessage());
    }

    @Test
    void anAppTakesBuffersOnlyWhenItWritesTheByteBufferOnReceive() throws Exception {
        assertFalse(AppServices.receivesBuffers(AppServices.find(appWith(PacketApp.class, false), dir, false)));
        assertTrue(AppServices.receivesBuffers(AppServices.find(appWith(BufferApp.class, false), dir, false)));
        assertFalse(AppServices.receivesBuffers(new HttpAppAdapter(new WebApp())), "the HTTP adapter takes arrays");
    }

    @Test
    void aStopClosesThePacketSessionsOfAnAppWithoutOnDrainOnly() throws Exception {
        assertTrue(AppServices.closesSessionsOnDrain(new PacketApp()));
        assertFalse(AppServices.closesSessionsOnDrain(new DrainingApp()));
        assertTrue(AppServices.closesSessionsOnDrain(AppServices.find(appWith(true, true), dir, true, true)),
                "a router's packet sessions: its packet app's");
        assertFalse(AppServices.closesSessionsOnDrain(new HttpAppAdapter(new WebApp())), "HTTP drains by itself");
    }

    @Test
    void anAppThatWritesNeitherOnReceiveIsABootErrorSayingSo() throws Exception {
        ClassLoader loader = appWith(DeafApp.class, false);
        String message = assertThrows(AppLoader.AppLoadException.class, () -> AppServices.find(loader, dir, false))
                .getMessage();
        assertTrue(message.startsWith(DeafApp.class.getName() + " in " + dir) && message.contains("implements neither")
                && message.contains("onReceive(Server, long, ByteBuffer)"), message);
    }

    @Test
    void httpProtocolGetsTheHttpAppThroughTheAdapter() throws Exception {
        DroverApp app = AppServices.find(appWith(false, true), dir, true);
        HttpAppAdapter adapter = assertInstanceOf(HttpAppAdapter.class, app);
        assertInstanceOf(WebApp.class, adapter.app());
        assertTrue(AppServices.describe(app).equals(WebApp.class.getName() + " (HTTP)"), AppServices.describe(app));
    }

    @Test
    void aJarWithBothKindsServesTheProtocolItIsStartedWith() throws Exception {
        ClassLoader both = appWith(true, true);
        assertInstanceOf(PacketApp.class, AppServices.find(both, dir, false));
        assertInstanceOf(HttpAppAdapter.class, AppServices.find(both, dir, true));
    }

    @Test
    void httpProtocolWithOnlyAPacketAppIsABootErrorNamingTheFix() throws Exception {
        ClassLoader loader = appWith(true, false);
        String message = assertThrows(AppLoader.AppLoadException.class, () -> AppServices.find(loader, dir, true))
                .getMessage();
        assertTrue(message.contains("open_http_protocol is true") && message.contains(PacketApp.class.getName())
                && message.contains(AppServices.HTTP_SERVICE), message);
    }

    @Test
    void anHttpAppWithoutTheHttpProtocolIsABootErrorNamingTheSetting() throws Exception {
        ClassLoader loader = appWith(false, true);
        String message = assertThrows(AppLoader.AppLoadException.class, () -> AppServices.find(loader, dir, false))
                .getMessage();
        assertTrue(message.contains(WebApp.class.getName()) && message.contains("set open_http_protocol=true"), message);
    }

    @Test
    void aJarWithNoAppNamesBothServiceFiles() throws Exception {
        ClassLoader loader = appWith(false, false);
        for (boolean http : new boolean[] {false, true}) {
            String message = assertThrows(AppLoader.AppLoadException.class, () -> AppServices.find(loader, dir, http))
                    .getMessage();
            assertTrue(message.startsWith("no Drover app in") && message.contains(AppServices.APP_SERVICE)
                    && message.contains(AppServices.HTTP_SERVICE), message);
        }
    }
}
