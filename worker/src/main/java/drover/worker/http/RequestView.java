package drover.worker.http;

import drover.common.http.HttpHeaders;
import drover.common.http.HttpRequestMessage;
import drover.worker.api.Server;
import drover.worker.api.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A decoded request packet seen through the public {@link Request} API; parameters and cookies parsed on first use. */
final class RequestView implements Request {
    private final Server server;
    private final long sessionId;
    private final HttpRequestMessage message;
    private volatile Map<String, List<String>> queryParameters;
    private volatile Map<String, String> cookies;

    RequestView(Server server, long sessionId, HttpRequestMessage message) {
        this.server = server;
        this.sessionId = sessionId;
        this.message = message;
    }

    HttpRequestMessage message() {
        return message;
    }

    @Override
    public Server server() {
        if (server == null) {
            throw new IllegalStateException("this request was made without a server (a benchmark's handler)");
        }
        return server;
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public String method() {
        return message.method();
    }

    @Override
    public String path() {
        return message.path();
    }

    @Override
    public String query() {
        return message.query();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> parsed = queryParameters;
        if (parsed == null) {
            parsed = FormDecoding.parse(message.query());
            queryParameters = parsed;
        }
        return parsed;
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public String version() {
        return message.version().text();
    }

    @Override
    public boolean keepAlive() {
        return message.keepAlive();
    }

    @Override
    public String header(String name) {
        return message.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return Collections.unmodifiableList(message.headers().all(name));
    }

    @Override
    public List<String> headerNames() {
        HttpHeaders headers = message.headers();
        List<String> names = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            names.add(headers.name(i));
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public Map<String, String> cookies() {
        Map<String, String> parsed = cookies;
        if (parsed == null) {
            parsed = CookieHeader.parse(message.headers().all("Cookie"));
            cookies = parsed;
        }
        return parsed;
    }

    @Override
    public String cookie(String name) {
        return cookies().get(name);
    }

    @Override
    public byte[] body() {
        return message.body();
    }

    @Override
    public String bodyText() {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String trailer(String name) {
        return message.trailers().get(name);
    }

    @Override
    public String toString() {
        return "session " + Long.toUnsignedString(sessionId) + " " + message;
    }
}
