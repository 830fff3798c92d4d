package drover.examples.faulty;

import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of the faulty app (start it with {@code open_http_protocol=true} and
 * {@code open_length_check=false}), so the end-to-end tests can hold a request in flight on a
 * worker and send responses larger than the output limit:
 * <ul>
 *   <li>{@code GET /hang}: spins forever on the worker's loop thread (never answers);</li>
 *   <li>{@code GET /pid}: the worker's pid as the body;</li>
 *   <li>{@code GET /host}: the request's Host header as the body;</li>
 *   <li>{@code GET /big?size=N}: a body of N bytes {@code 'b'}, whole, with Content-Length;</li>
 *   <li>{@code GET /stream?chunks=N&size=S}: a streamed (chunked) body of N parts of S bytes, part i
 *       filled with the letter {@code 'a' + i % 26};</li>
 *   <li>{@code POST /echo}: the request body;</li>
 *   <li>anything else: 404.</li>
 * </ul>
 * Not an example to copy: a demonstration of failure handling.
 */
public final class FaultyHttpApp implements HttpApp {
    @Override
    public void onRequest(Request request, Response response) {
        switch (request.path()) {
            case "/hang" -> spinForever();
            case "/pid" -> response.end(Long.toString(ProcessHandle.current().pid()));
            case "/host" -> response.end(String.valueOf(request.header("Host")));
            case "/big" -> response.end(filled(intParameter(request, "size"), 'b'));
            case "/stream" -> stream(response, intParameter(request, "chunks"), intParameter(request, "size"));
            case "/echo" -> response.end(request.body());
            default -> response.status(404).end("Not Found\n");
        }
    }

    private static void stream(Response response, int chunks, int size) {
        for (int i = 0; i < chunks; i++) {
            response.write(filled(size, (char) ('a' + i % 26)));
        }
        response.end();
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static int intParameter(Request request, String name) {
        String value = request.queryParameter(name);
        return value == null ? 0 : Integer.parseInt(value);
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void spinForever() {
        while (true) {
            Thread.onSpinWait();
        }
    }
}
