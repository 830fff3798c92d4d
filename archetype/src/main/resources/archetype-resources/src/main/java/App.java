#if( $flavour == "http" )
package ${package};

import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;

/** GET / answers a greeting; POST /echo answers the request body; anything else is a 404. */
public final class App implements HttpApp {
    @Override
    public void onRequest(Request request, Response response) {
        if (request.path().equals("/") && request.method().equals("GET")) {
            response.header("Content-Type", "text/plain").end("Hello from worker " + request.server().workerId() + "\n");
        } else if (request.path().equals("/echo") && request.method().equals("POST")) {
            response.header("Content-Type", "application/octet-stream").end(request.body());
        } else {
            response.status(404).header("Content-Type", "text/plain").end("Not Found\n");
        }
    }
}
#else
package ${package};

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.charset.StandardCharsets;

/** A line protocol (drover.properties splits packets at '\n'): each line is answered "you said: ...". */
public final class App implements DroverApp {
    @Override
    public void onConnect(Server server, long sessionId) {
        server.send(sessionId, ("hello from worker " + server.workerId() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        if (text.equals("bye")) {
            server.close(sessionId);
        } else {
            server.send(sessionId, ("you said: " + text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
#end
