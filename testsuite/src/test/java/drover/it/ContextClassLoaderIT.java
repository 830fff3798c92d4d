package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library in the app jar that discovers its plug-ins with ServiceLoader.load(Class), through the
 * thread context class loader as Jackson's module discovery does, finds them in both kinds of app:
 * in the constructor and in the callbacks.
 */
@Timeout(300)
class ContextClassLoaderIT {
    private static final String GREETER = """
            package greet;

            public interface Greeter {
                String greet();

                /** Every Greeter named in META-INF/services/greet.Greeter the context class loader sees. */
                static String discover() {
                    StringBuilder found = new StringBuilder();
                    for (Greeter g : java.util.ServiceLoader.load(Greeter.class)) {
                        found.append(found.isEmpty() ? "" : ",").append(g.greet());
                    }
                    return found.isEmpty() ? "none" : found.toString();
                }
            }
            """;

    private static final String ENGLISH = """
            package greet;

            public final class EnglishGreeter implements Greeter {
                @Override
                public String greet() {
                    return "hello";
                }
            }
            """;

    private static final String HTTP_APP = """
            package probe;

            import drover.worker.api.http.HttpApp;
            import drover.worker.api.http.Request;
            import drover.worker.api.http.Response;

            public final class DiscoveringHttpApp implements HttpApp {
                private final String atConstruction = greet.Greeter.discover();

                @Override
                public void onRequest(Request request, Response response) {
                    response.end("constructor " + atConstruction + ", request " + greet.Greeter.discover());
                }
            }
            """;

    private static final String PACKET_APP = """
            package probe;

            import drover.worker.api.DroverApp;
            import drover.worker.api.Server;
            import java.nio.ByteBuffer;
            import java.nio.charset.StandardCharsets;

            public final class DiscoveringApp implements DroverApp {
                private final String atConstruction = greet.Greeter.discover();

                @Override
                public void onReceive(Server server, long sessionId, byte[] data) {
                    byte[] answer = ("constructor " + atConstruction + ", packet " + greet.Greeter.discover())
                            .getBytes(StandardCharsets.UTF_8);
                    server.send(sessionId, ByteBuffer.allocate(4 + answer.length).putInt(answer.length).put(answer).array());
                }
            }
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @TempDir
    Path temp;

    private Path appJar() throws Exception {
        return CompiledAppJar.build(temp, "discovering",
                Map.of("greet/Greeter.java", GREETER, "greet/EnglishGreeter.java", ENGLISH,
                        "probe/DiscoveringHttpApp.java", HTTP_APP, "probe/DiscoveringApp.java", PACKET_APP),
                Map.of("META-INF/services/greet.Greeter", "greet.EnglishGreeter\n",
                        "META-INF/services/drover.worker.api.http.HttpApp", "probe.DiscoveringHttpApp\n",
                        "META-INF/services/drover.worker.api.DroverApp", "probe.DiscoveringApp\n"),
                null);
    }

    /** In worker_mode=virtual, so the request runs on a virtual thread the loop started. */
    @Test
    void anHttpAppsLibrariesFindTheirServicesInTheConstructorAndInRequests() throws Exception {
        cluster.set("open_http_protocol=true").set("worker_mode=virtual").start(appJar());
        Duration timeout = Deadline.scaled(Duration.ofSeconds(30));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.port() + "/")).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("constructor hello, request hello", response.body());
        }
    }

    @Test
    void aPacketAppsLibrariesFindTheirServicesInTheConstructorAndInCallbacks() throws Exception {
        cluster.set("open_length_check=true").set("package_length_type=N").set("package_body_offset=4").start(appJar());
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("constructor hello, packet hello", client.request("which"));
        }
    }
}
