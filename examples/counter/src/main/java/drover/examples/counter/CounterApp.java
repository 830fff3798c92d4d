package drover.examples.counter;

import drover.worker.api.Server;
import drover.worker.api.Table;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;

/**
 * Counters shared by every worker, in the table {@code counters} (drover.properties declares it):
 * {@code POST /incr/{key}} adds one and answers the new value, {@code GET /get/{key}} answers the
 * value (0 for a key never counted), {@code POST /incr-task/{key}} has a task worker add the one,
 * {@code GET /requests} answers how many requests all workers served (the atomic {@code requests}).
 * Whichever worker a request reaches, the counts are the same.
 */
public final class CounterApp implements HttpApp {
    @Override
    public void onRequest(Request request, Response response) {
        Server server = request.server();
        server.atomic("requests").add(1);
        String method = request.method();
        String path = request.path();
        try {
            if (method.equals("POST") && path.startsWith("/incr/")) {
                text(response, 200, counters(server).incr(key(path, "/incr/"), "value", 1) + "\n");
            } else if (method.equals("GET") && path.startsWith("/get/")) {
                text(response, 200, counters(server).getLong(key(path, "/get/"), "value") + "\n");
            } else if (method.equals("POST") && path.startsWith("/incr-task/")) {
                server.taskAsync(key(path, "/incr-task/").getBytes(StandardCharsets.UTF_8)).whenComplete((result, failure) -> {
                    if (failure == null) {
                        response.header("Content-Type", "text/plain").end(result);
                    } else {
                        text(response, 503, "task failed: " + failure.getMessage() + "\n");
                    }
                });
            } else if (method.equals("GET") && path.equals("/requests")) {
                text(response, 200, server.atomic("requests").get() + "\n");
            } else {
                text(response, 404, "Not Found\n");
            }
        } catch (IllegalArgumentException e) {
            text(response, 400, e.getMessage() + "\n"); // a key too long for the table, say
        } catch (IllegalStateException e) {
            text(response, 507, e.getMessage() + "\n"); // the table is full
        }
    }

    /** In a task worker: adds one to the key the task names and returns the new value. */
    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        String key = new String(data, StandardCharsets.UTF_8);
        return (counters(server).incr(key, "value", 1) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Table counters(Server server) {
        return server.table("counters");
    }

    private static String key(String path, String prefix) {
        return path.substring(prefix.length());
    }

    private static void text(Response response, int status, String body) {
        response.status(status).header("Content-Type", "text/plain").end(body);
    }
}
