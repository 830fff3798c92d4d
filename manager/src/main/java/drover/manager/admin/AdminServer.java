package drover.manager.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import drover.common.log.Log;
import drover.common.metrics.ProcessVitals;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The admin HTTP listener (admin_listen): GET /metrics, /healthz and /readyz. Each request asks the
 * supervisor loop for a {@link ServerSnapshot} and waits for it at most {@link #LOOP_TIMEOUT}: a loop
 * that does not answer in that time is not turning, which is what /healthz reports.
 */
public final class AdminServer implements AutoCloseable {
    static final Duration LOOP_TIMEOUT = Duration.ofSeconds(2);

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Supplier<CompletableFuture<ServerSnapshot>> snapshots;
    private final AppMetricsBoard board;

    private AdminServer(HttpServer http, Supplier<CompletableFuture<ServerSnapshot>> snapshots, AppMetricsBoard board) {
        this.http = http;
        this.snapshots = snapshots;
        this.board = board;
    }

    /**
     * Binds the address and starts serving.
     *
     * @param snapshots asks the supervisor loop for a snapshot (it completes the future on its thread)
     */
    public static AdminServer start(InetSocketAddress address, Supplier<CompletableFuture<ServerSnapshot>> snapshots,
                                    AppMetricsBoard board) throws IOException {
        HttpServer http = HttpServer.create(address, 64);
        AdminServer admin = new AdminServer(http, snapshots, board);
        http.setExecutor(admin.executor);
        http.createContext("/", admin::handle);
        http.start();
        Log.info("admin listener on http://" + admin.address().getHostString() + ":" + admin.address().getPort()
                + " (/metrics, /healthz, /readyz)");
        return admin;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/metrics" -> metrics(exchange);
                case "/healthz" -> health(exchange);
                case "/readyz" -> ready(exchange);
                default -> reply(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics, /healthz or /readyz\n");
            }
        } catch (RuntimeException e) {
            Log.warn("admin listener: " + exchange.getRequestURI() + " failed: " + e);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        ServerSnapshot snapshot = snapshot();
        if (snapshot == null) {
            reply(exchange, 503, "text/plain; charset=utf-8", "the manager's loop did not answer within "
                    + LOOP_TIMEOUT.toSeconds() + " s\n");
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        String page = MetricsPage.render(snapshot, board, openMetrics, ProcessVitals::rssOf);
        reply(exchange, 200, openMetrics ? ExpositionWriter.OPENMETRICS_TYPE : ExpositionWriter.TEXT_TYPE, page);
    }

    private void health(HttpExchange exchange) throws IOException {
        ServerSnapshot snapshot = snapshot();
        if (snapshot == null) {
            reply(exchange, 503, "text/plain; charset=utf-8", "the manager's loop did not answer within "
                    + LOOP_TIMEOUT.toSeconds() + " s\n");
        } else {
            reply(exchange, 200, "text/plain; charset=utf-8", "ok " + snapshot.phase() + "\n");
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        ServerSnapshot snapshot = snapshot();
        String reason = snapshot == null ? "the manager's loop did not answer within " + LOOP_TIMEOUT.toSeconds() + " s"
                : Readiness.reasonNotReady(snapshot);
        if (reason == null) {
            reply(exchange, 200, "text/plain; charset=utf-8", "ready\n");
        } else {
            reply(exchange, 503, "text/plain; charset=utf-8", reason + "\n");
        }
    }

    private ServerSnapshot snapshot() {
        try {
            return snapshots.get().get(LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
