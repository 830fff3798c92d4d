#if( $flavour == "http" )
package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import drover.test.DroverServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the app in a real Drover server (its own JVMs) and talks HTTP to it. */
class AppTest {
    @RegisterExtension
    static final DroverServer server = DroverServer.fromClasses();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void greetsAndEchoes() throws Exception {
        URI root = URI.create("http://" + server.host() + ":" + server.port() + "/");
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("Hello from worker 0\n", hello.body());

        HttpResponse<String> echo = client.send(HttpRequest.newBuilder(root.resolve("/echo")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ping", echo.body());
    }
}
#else
package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import drover.test.DroverServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the app in a real Drover server (its own JVMs) and talks to it over TCP. */
class AppTest {
    @RegisterExtension
    static final DroverServer server = DroverServer.fromClasses();

    @Test
    void greetsAnswersEachLineAndClosesOnBye() throws Exception {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("hello from worker 0", in.readLine());
            OutputStream out = socket.getOutputStream();
            out.write("hi\nbye\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("you said: hi", in.readLine());
            assertNull(in.readLine(), "'bye' closes the connection");
        }
    }
}
#end
