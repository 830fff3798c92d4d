/**
 * Worker JVM: serving an {@link drover.worker.api.http.HttpApp} from the HTTP packets a reactor
 * sends (see docs/HTTP.md). Not yet called by the worker loop.
 */
package drover.worker.http;
