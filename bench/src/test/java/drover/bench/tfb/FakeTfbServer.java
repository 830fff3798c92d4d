package drover.bench.tfb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A TFB app without a database on 127.0.0.1, for TfbVerifier's tests: each path's answer is a
 * function of the request target, right by default; a test swaps one in to spoil it.
 */
final class FakeTfbServer implements AutoCloseable {
    /** One answer: its head fields (without the status line) and body. */
    record Answer(Map<String, String> fields, String body) {
        static Answer of(String type, String body) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Content-Type", type);
            fields.put("Server", "fake");
            fields.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            return new Answer(fields, body);
        }

        Answer without(String field) {
            Map<String, String> fewer = new LinkedHashMap<>(fields);
            fewer.remove(field);
            return new Answer(fewer, body);
        }

        Answer with(String field, String value) {
            Map<String, String> more = new LinkedHashMap<>(fields);
            more.put(field, value);
            return new Answer(more, body);
        }
    }

    static final String FORTUNES_PAGE = fortunesPage(FortunesCheck.EXPECTED);

    final Map<String, Function<String, Answer>> routes = new LinkedHashMap<>();
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    FakeTfbServer() throws IOException {
        routes.put("/plaintext", target -> Answer.of("text/plain", "Hello, World!"));
        routes.put("/json", target -> Answer.of("application/json", "{\"message\":\"Hello, World!\"}"));
        routes.put("/db", target -> Answer.of("application/json", "{\"id\":5,\"randomNumber\":7}"));
        routes.put("/queries", target -> Answer.of("application/json", worlds(clamped(target))));
        routes.put("/updates", target -> Answer.of("application/json", worlds(clamped(target))));
        routes.put("/fortunes", target -> Answer.of("text/html; charset=utf-8", FORTUNES_PAGE));
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fake-tfb-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    static int clamped(String target) {
        String value = target.contains("queries=") ? target.substring(target.indexOf("queries=") + 8) : "";
        try {
            return Math.clamp(Long.parseLong(value), 1, 500);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static String worlds(int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add("{\"id\":5,\"randomNumber\":7}");
        }
        return "[" + String.join(",", rows) + "]";
    }

    static String fortunesPage(List<String[]> rows) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head><title>Fortunes</title></head><body><table>\n"
                + "<tr><th>id</th><th>message</th></tr>\n");
        for (String[] row : rows) {
            String escaped = row[1].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#x27;");
            page.append("<tr><td>").append(row[0]).append("</td><td>").append(escaped).append("</td></tr>\n");
        }
        return page.append("</table></body></html>").toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                Thread.ofPlatform().daemon().name("fake-tfb-client").start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            for (String requestLine = in.readLine(); requestLine != null; requestLine = in.readLine()) {
                while (!in.readLine().isEmpty()) {
                    // header fields: not needed
                }
                String target = requestLine.split(" ")[1];
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                Function<String, Answer> route = routes.get(path);
                Answer answer = route == null ? Answer.of("text/plain", "Not Found") : route.apply(target);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder("HTTP/1.1 " + (route == null ? "404 Not Found" : "200 OK") + "\r\n");
                answer.fields().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException | RuntimeException gone) {
            // the verifier closed its connection
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
