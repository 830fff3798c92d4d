package drover.worker.api.http;

/**
 * An HTTP application. The worker calls {@link #onRequest} on its event loop once per request,
 * in the order each connection sent them. Every request must get exactly one response ended with
 * {@link Response#end}, now or later from any thread; responses go out in request order, so a
 * response ended early for a later pipelined request waits for the earlier ones. An exception
 * thrown before the response started becomes a 500.
 */
@FunctionalInterface
public interface HttpApp {
    void onRequest(Request request, Response response);
}
