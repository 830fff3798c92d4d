package drover.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The manager's admin listener as a client sees it: a free loopback port to set, and GETs on it. */
final class AdminEndpoint {
    record Answer(int status, String contentType, String body) {
    }

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminEndpoint() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
    }

    /** The setting that makes the cluster's manager listen here. */
    String setting() {
        return "admin_listen=127.0.0.1:" + port;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    Answer get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** The answer, or null while nothing listens on the port. */
    Answer tryGet(String path) throws InterruptedException {
        try {
            return get(path);
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            return null; // the manager closed the listener mid-request: it is going away
        }
    }

    /** The value of the sample with exactly this name and label text (e.g. {@code {kind="echo"}}), or -1. */
    static double sample(String page, String nameAndLabels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(nameAndLabels) + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
