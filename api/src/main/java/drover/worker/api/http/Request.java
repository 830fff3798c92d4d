package drover.worker.api.http;

import drover.worker.api.ClientInfo;
import drover.worker.api.Server;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request, complete with its body. Immutable; safe to keep after onRequest returns. */
public interface Request {
    /**
     * The handle on the server of the worker serving the request (the one {@link HttpApp#onWorkerStart}
     * got): timers, tasks, pipe messages, the session.
     */
    Server server();

    /** The session (connection) the request came on. */
    long sessionId();

    /**
     * The client's address and port: behind a balancer on a {@code /proxy} listener, the original
     * client's, as its PROXY header said. Empty once the connection has closed.
     */
    default Optional<ClientInfo> client() {
        return server().clientInfo(sessionId());
    }

    /** As sent, case-sensitive: "GET", "POST", ... */
    String method();

    /** The path as sent, still percent-encoded, e.g. "/a%20b"; "*" for {@code OPTIONS *}. */
    String path();

    /** The query string as sent, without '?', still encoded; "" when there is none. */
    String query();

    /**
     * The query parameters decoded as UTF-8 form data ('+' is a space, %XX a byte), each name with
     * its values in order. A malformed escape is kept literally rather than refused.
     */
    Map<String, List<String>> queryParameters();

    /** The first value of the query parameter, or null. */
    String queryParameter(String name);

    /** "HTTP/1.0" or "HTTP/1.1". */
    String version();

    /** Whether the connection stays open after the response (unless the response closes it). */
    boolean keepAlive();

    /** The first value of the header field, its name compared without case; null when absent. */
    String header(String name);

    /** Every value of the header field, in order. */
    List<String> headers(String name);

    /** Field names as the client spelled them, in order, with repeats. */
    List<String> headerNames();

    /** The cookies of every Cookie field ("a=1; b=2"); on a repeated name the first wins. */
    Map<String, String> cookies();

    /** The cookie's value, or null. */
    String cookie(String name);

    /** The body, empty when there is none. The array is the request's own: do not change it. */
    byte[] body();

    /** The body decoded as UTF-8. */
    String bodyText();

    /** A trailer field of a chunked body, or null. */
    String trailer(String name);
}
