package drover.examples.techempower;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * The TechEmpower Framework Benchmarks' six test types: /plaintext, /json, /db, /queries?queries=N,
 * /fortunes and /updates?queries=N, against PostgreSQL (Database says how it is found). Drover adds
 * the Date and Server headers and Content-Length; scripts/bench.sh --suite tfb checks every answer
 * as TFB's verifier would before it times anything.
 */
public final class TechEmpowerApp implements HttpApp {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final String TEXT = "text/plain";
    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";

    private final ObjectMapper json = new ObjectMapper();
    private volatile Database database;

    @Override
    public void onWorkerStart(Server server, int workerId) {
        database = Database.open(System.getenv());
    }

    @Override
    public void onWorkerStop(Server server, int workerId) {
        Database open = database;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public void onRequest(Request request, Response response) {
        if (!request.method().equals("GET")) {
            response.status(405).header("Content-Type", TEXT).header("Allow", "GET").end("Method Not Allowed\n");
            return;
        }
        try {
            switch (request.path()) {
                case "/plaintext" -> response.header("Content-Type", TEXT).end(HELLO);
                case "/json" -> answerJson(response, new Message("Hello, World!"));
                case "/db" -> answerJson(response, database.randomWorld());
                case "/queries" -> answerJson(response, database.randomWorlds(queries(request)));
                case "/updates" -> answerJson(response, database.updateRandomWorlds(queries(request)));
                case "/fortunes" -> response.header("Content-Type", HTML)
                        .end(FortunesPage.render(database.fortunes()).getBytes(StandardCharsets.UTF_8));
                default -> response.status(404).header("Content-Type", TEXT).end("Not Found\n");
            }
        } catch (SQLException e) {
            // The worker answers 500 and logs the exception with the session.
            throw new IllegalStateException(request.path() + ": " + e.getMessage(), e);
        }
    }

    private static int queries(Request request) {
        return QueryCount.parse(request.queryParameter("queries"));
    }

    private void answerJson(Response response, Object value) {
        try {
            response.header("Content-Type", JSON).end(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
