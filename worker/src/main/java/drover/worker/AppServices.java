package drover.worker;

import drover.worker.AppLoader.AppLoadException;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.websocket.WebSocketApp;
import drover.worker.websocket.WebSocketAppAdapter;
import drover.worker.http.AppCallbacksAdapter;
import drover.worker.http.HttpAppAdapter;
import drover.worker.http.ProtocolRouterApp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Picks the app class a jar provides for the listener's protocol: a {@link DroverApp} for raw,
 * length or EOF framed packets, an {@link HttpApp} with open_http_protocol (run through
 * {@link HttpAppAdapter}). A jar may provide either or both; the wrong kind for the setting is a
 * boot error that says which setting or service file to change.
 */
final class AppServices {
    static final String APP_SERVICE = "META-INF/services/" + DroverApp.class.getName();
    static final String HTTP_SERVICE = "META-INF/services/" + HttpApp.class.getName();
    static final String WEBSOCKET_SERVICE = "META-INF/services/" + WebSocketApp.class.getName();

    private AppServices() {
    }

    /**
     * @param httpProtocol    some listener speaks HTTP (an HttpApp is needed)
     * @param packetProtocols some listener speaks raw, length or EOF packets (a DroverApp is needed)
     * @throws java.util.ServiceConfigurationError when a service file names a class that cannot be loaded
     */
    static DroverApp find(ClassLoader loader, Path jar, boolean httpProtocol, boolean packetProtocols)
            throws AppLoadException {
        if (httpProtocol && packetProtocols) {
            return both(loader, jar);
        }
        return find(loader, jar, httpProtocol);
    }

    /**
     * HTTP and packet listeners at once: one app of each kind (or one class that is both), routed by
     * session. A WebSocketApp, when the jar has one, serves the HTTP listeners (as without packet ones).
     */
    private static DroverApp both(ClassLoader loader, Path jar) throws AppLoadException {
        DroverApp app = first(DroverApp.class, loader);
        WebSocketApp webSocket = first(WebSocketApp.class, loader);
        HttpApp http = webSocket != null ? null : app instanceof HttpApp same ? same : first(HttpApp.class, loader);
        if (app == null && http instanceof DroverApp same) {
            app = same;
        }
        if (app == null && webSocket instanceof DroverApp same) {
            app = same;
        }
        if (app == null || (http == null && webSocket == null)) {
            throw new AppLoadException("listen has HTTP and packet listeners, so " + jar + " needs both an HTTP app ("
                    + HTTP_SERVICE + " or " + WEBSOCKET_SERVICE + ") and a packet app (" + APP_SERVICE
                    + "), or one class implementing both;"
                    + (app != null ? " it has no HTTP app" : " it has no packet app")
                    + ": add the missing service file, or give every listen entry the protocol the app serves");
        }
        return new ProtocolRouterApp(checked(app, jar),
                webSocket != null ? new WebSocketAppAdapter(webSocket) : new HttpAppAdapter(http));
    }

    /** @throws java.util.ServiceConfigurationError when a service file names a class that cannot be loaded */
    static DroverApp find(ClassLoader loader, Path jar, boolean httpProtocol) throws AppLoadException {
        WebSocketApp webSocket = httpProtocol ? first(WebSocketApp.class, loader) : null;
        if (webSocket != null) {
            return new WebSocketAppAdapter(webSocket); // also serves plain HTTP on the same port (onRequest)
        }
        DroverApp app = first(DroverApp.class, loader);
        HttpApp http = first(HttpApp.class, loader);
        if (httpProtocol && http != null) {
            return new HttpAppAdapter(http);
        }
        if (!httpProtocol && app != null) {
            return checked(app, jar);
        }
        if (httpProtocol && app != null) {
            throw new AppLoadException("open_http_protocol is true but " + jar + " has no HTTP app, only the packet app "
                    + app.getClass().getName() + ": add " + HTTP_SERVICE + " naming a class that implements "
                    + HttpApp.class.getName() + ", or set open_http_protocol=false");
        }
        if (http != null) {
            throw new AppLoadException(jar + " holds the HTTP app " + http.getClass().getName()
                    + " but open_http_protocol is false: set open_http_protocol=true (in the jar's drover.properties,"
                    + " --config or --set), or give a listen entry the /http suffix");
        }
        throw new AppLoadException("no Drover app in " + jar + ": add " + APP_SERVICE + " naming a class that implements "
                + DroverApp.class.getName() + " (or, with open_http_protocol=true, " + HTTP_SERVICE + " naming an "
                + HttpApp.class.getName() + ")");
    }

    // DroverApp's two onReceive methods are both default (either may be written), so the compiler
    // cannot insist on one: a class with neither would fail at its first packet, this fails its boot
    private static DroverApp checked(DroverApp app, Path jar) throws AppLoadException {
        if (!overridesOnReceive(app, byte[].class) && !overridesOnReceive(app, ByteBuffer.class)) {
            throw new AppLoadException(app.getClass().getName() + " in " + jar + " implements neither"
                    + " onReceive(Server, long, byte[]) nor onReceive(Server, long, ByteBuffer): write one of them");
        }
        return app;
    }

    /** Whether the app takes its packets lent, as a ByteBuffer valid during the call, rather than as arrays of their own. */
    static boolean receivesBuffers(DroverApp app) {
        return overridesOnReceive(app, ByteBuffer.class);
    }

    /**
     * Whether a stop should end the app's idle packet sessions itself: the app has no onDrain of its
     * own, so nothing would end them and the stop would wait out its reading window (half of
     * max_wait_time). HTTP and WebSocket sessions are ended by their protocol's own drain.
     */
    static boolean closesSessionsOnDrain(DroverApp app) {
        if (app instanceof ProtocolRouterApp router) {
            return closesSessionsOnDrain(router.packets());
        }
        if (app instanceof AppCallbacksAdapter) {
            return false;
        }
        try {
            return app.getClass().getMethod("onDrain", Server.class, long.class).getDeclaringClass() == DroverApp.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("DroverApp declares onDrain", e);
        }
    }

    private static boolean overridesOnReceive(DroverApp app, Class<?> packetType) {
        try {
            return app.getClass().getMethod("onReceive", Server.class, long.class, packetType).getDeclaringClass()
                    != DroverApp.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("DroverApp declares onReceive for " + packetType.getSimpleName(), e);
        }
    }

    /** The class name an operator would recognise in the log. */
    static String describe(DroverApp app) {
        if (app instanceof ProtocolRouterApp router) {
            return describe(router.packets()) + " and " + describe(router.http());
        }
        if (app instanceof WebSocketAppAdapter adapter) {
            return adapter.app().getClass().getName() + " (WebSocket)";
        }
        return app instanceof HttpAppAdapter adapter ? adapter.app().getClass().getName() + " (HTTP)"
                : app.getClass().getName();
    }

    private static <T> T first(Class<T> service, ClassLoader loader) {
        Iterator<T> found = ServiceLoader.load(service, loader).iterator();
        return found.hasNext() ? found.next() : null;
    }
}
