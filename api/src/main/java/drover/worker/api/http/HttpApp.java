package drover.worker.api.http;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.WorkerCallbacks;

/**
 * An HTTP application. The worker calls {@link #onRequest} once per request, in the order each
 * connection sent them: on its event loop, or with {@code worker_mode=virtual} on the connection's
 * virtual thread. Every request must get exactly one response ended with {@link Response#end}, now
 * or later from any thread; responses go out in request order, so a response ended early for a
 * later pipelined request waits for the earlier ones. An exception thrown before the response
 * started becomes a 500.
 *
 * <p>The other callbacks are {@link WorkerCallbacks}, shared with {@link DroverApp}: the same
 * {@link Server} handle, threads and meaning, and they do nothing by default: the worker's
 * lifecycle ({@link #onWorkerStart}, {@link #onWorkerExit}, {@link #onWorkerStop}), pipe messages
 * from other workers, and tasks run in task workers ({@link #onTask}, {@link #onFinish},
 * {@link #onTaskFailed}). Timers, tasks, {@code workerId} and {@code sendMessage} are on the
 * handle, which each request also carries ({@link Request#server()}).
 */
@FunctionalInterface
public interface HttpApp extends WorkerCallbacks {
    /**
     * One request; answer it with exactly one {@link Response#end}, now or later from any thread.
     *
     * @param request  the request, complete with its body
     * @param response where its response goes
     */
    void onRequest(Request request, Response response);
}
