package drover.examples.httphello;

import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;

/** GET / answers "Hello, World!"; POST /echo answers with the request body; anything else is a 404. */
public final class HelloApp implements HttpApp {
    @Override
    public void onRequest(Request request, Response response) {
        switch (request.method() + " " + request.path()) {
            case "GET /", "HEAD /" -> response.header("Content-Type", "text/plain").end("Hello, World!");
            case "POST /echo" -> {
                String type = request.header("Content-Type");
                response.header("Content-Type", type == null ? "application/octet-stream" : type).end(request.body());
            }
            default -> response.status(404).header("Content-Type", "text/plain").end("Not Found\n");
        }
    }
}
