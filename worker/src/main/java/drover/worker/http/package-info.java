/**
 * Worker JVM: serving an {@link drover.worker.api.http.HttpApp} from the HTTP packets a reactor
 * sends (see docs/HTTP.md). The worker loop runs an HttpApp as the DroverApp
 * {@link drover.worker.http.HttpAppAdapter}.
 */
package drover.worker.http;
