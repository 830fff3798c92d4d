package drover.examples.httphello;

import drover.worker.api.ClientInfo;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;

/**
 * GET / answers "Hello, World!"; POST /echo answers with the request body; GET /ip with the client's
 * address as the server sees it (the original client's behind a balancer on a /proxy listener);
 * anything else is a 404.
 */
public final class HelloApp implements HttpApp {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void onRequest(Request request, Response response) {
        String method = request.method();
        String path = request.path();
        if (path.equals("/") && (method.equals("GET") || method.equals("HEAD"))) {
            response.header("Content-Type", "text/plain").end(HELLO);
        } else if (path.equals("/ip") && method.equals("GET")) {
            String address = request.client().map(ClientInfo::remoteAddress).orElse("unknown");
            response.header("Content-Type", "text/plain").end(address + "\n");
        } else if (path.equals("/echo") && method.equals("POST")) {
            String type = request.header("Content-Type");
            response.header("Content-Type", type == null ? "application/octet-stream" : type).end(request.body());
        } else {
            response.status(404).header("Content-Type", "text/plain").end("Not Found\n");
        }
    }
}
