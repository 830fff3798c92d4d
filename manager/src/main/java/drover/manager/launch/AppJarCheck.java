package drover.manager.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * Checks before anything starts that the jar names an app of the kind the listener's protocol
 * needs, so the operator sees the reason at once (the worker checks again when it loads the class).
 */
public final class AppJarCheck {
    /** The API's service interfaces; strings because the manager does not depend on the worker module. */
    static final String APP_INTERFACE = "drover.worker.api.DroverApp";
    static final String HTTP_INTERFACE = "drover.worker.api.http.HttpApp";
    static final String SERVICE_FILE = "META-INF/services/" + APP_INTERFACE;
    static final String HTTP_SERVICE_FILE = "META-INF/services/" + HTTP_INTERFACE;
    /** A WebSocketApp serves HTTP listeners too: upgrades, and plain requests through its onRequest. */
    static final String WEBSOCKET_SERVICE_FILE = "META-INF/services/drover.worker.api.websocket.WebSocketApp";

    private AppJarCheck() {
    }

    /**
     * Null when the jar has an app for every protocol its listeners speak (an HttpApp for HTTP ones, a
     * DroverApp for packet ones), else the problem.
     */
    public static String problem(Path jar, boolean httpProtocol, boolean packetProtocols) {
        try (JarFile file = new JarFile(jar.toFile())) {
            boolean packetApp = file.getEntry(SERVICE_FILE) != null;
            boolean webSocketApp = file.getEntry(WEBSOCKET_SERVICE_FILE) != null;
            if (webSocketApp && httpProtocol && !packetProtocols) {
                return null;
            }
            boolean httpApp = file.getEntry(HTTP_SERVICE_FILE) != null;
            if (httpProtocol && packetProtocols) {
                boolean httpSide = httpApp || webSocketApp;
                return httpSide && packetApp ? null : "listen has HTTP and packet listeners, so " + jar
                        + " needs both " + HTTP_SERVICE_FILE + " (or " + WEBSOCKET_SERVICE_FILE + ") and "
                        + SERVICE_FILE + " (one class may implement both); it has no "
                        + (httpSide ? "packet" : "HTTP") + " app: add the missing service file,"
                        + " or give every listen entry the protocol the app serves";
            }
            if (httpProtocol ? httpApp : packetApp) {
                return null;
            }
            if (httpProtocol && packetApp) {
                return "open_http_protocol is true but " + jar + " has no HTTP app, only a packet app: add "
                        + HTTP_SERVICE_FILE + " naming a class that implements " + HTTP_INTERFACE
                        + ", or set open_http_protocol=false";
            }
            if (httpApp) {
                return jar + " holds an HTTP app but open_http_protocol is false: set open_http_protocol=true"
                        + " (in the jar's drover.properties, --config or --set)";
            }
            return "no Drover app in " + jar + ": it needs " + SERVICE_FILE + " naming a class that implements "
                    + APP_INTERFACE + " (or, with open_http_protocol=true, " + HTTP_SERVICE_FILE + " naming an "
                    + HTTP_INTERFACE + ")";
        } catch (IOException e) {
            return "cannot read the app jar " + jar + ": " + e.getMessage();
        }
    }
}
