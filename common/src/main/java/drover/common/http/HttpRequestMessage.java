package drover.common.http;

import java.util.Objects;

/**
 * One parsed request as a worker receives it. Text fields hold the bytes the client sent, one
 * char per byte (ISO-8859-1), so nothing is lost or guessed: {@code path} and {@code query} are
 * still percent-encoded.
 *
 * @param path      the path of the request target, e.g. "/a%20b"; "*" for {@code OPTIONS *}; for an
 *                  absolute-form target ("http://host/x") only its path ("/x")
 * @param query     what follows the first '?' of the target, without the '?'; "" when there is none
 * @param keepAlive whether the connection stays open after the response (HTTP/1.1 unless
 *                  {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive})
 * @param trailers  the trailer fields of a chunked body; empty otherwise
 */
public record HttpRequestMessage(String method, String path, String query, HttpVersion version, boolean keepAlive,
                                 HttpHeaders headers, byte[] body, HttpHeaders trailers) {
    public HttpRequestMessage {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(trailers, "trailers");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpRequestMessage that
                && method.equals(that.method) && path.equals(that.path) && query.equals(that.query)
                && version == that.version && keepAlive == that.keepAlive && headers.equals(that.headers)
                && java.util.Arrays.equals(body, that.body) && trailers.equals(that.trailers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, version, keepAlive, headers, java.util.Arrays.hashCode(body), trailers);
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + version.text()
                + (keepAlive ? " keep-alive " : " close ") + headers + " body " + body.length + " bytes"
                + (trailers.size() == 0 ? "" : " trailers " + trailers);
    }
}
