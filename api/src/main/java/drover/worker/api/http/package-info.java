/**
 * The HTTP API an app compiles against when its server runs with {@code open_http_protocol=true}:
 * implement {@link drover.worker.api.http.HttpApp} and answer each {@link drover.worker.api.http.Request}
 * through its {@link drover.worker.api.http.Response}. See docs/HTTP.md.
 */
package drover.worker.api.http;
