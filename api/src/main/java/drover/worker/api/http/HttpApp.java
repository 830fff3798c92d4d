package drover.worker.api.http;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;

/**
 * An HTTP application. The worker calls {@link #onRequest} once per request, in the order each
 * connection sent them: on its event loop, or with {@code worker_mode=virtual} on the connection's
 * virtual thread. Every request must get exactly one response ended with {@link Response#end}, now
 * or later from any thread; responses go out in request order, so a response ended early for a
 * later pipelined request waits for the earlier ones. An exception thrown before the response
 * started becomes a 500.
 *
 * <p>The other callbacks are those of {@link DroverApp}, with the same {@link Server} handle, threads
 * and meaning, and do nothing by default: the worker's lifecycle ({@link #onWorkerStart},
 * {@link #onWorkerExit}, {@link #onWorkerStop}), pipe messages from other workers, and tasks run in
 * task workers ({@link #onTask}, {@link #onFinish}, {@link #onTaskFailed}). Timers, tasks,
 * {@code workerId} and {@code sendMessage} are on the handle, which each request also carries
 * ({@link Request#server()}).
 */
@FunctionalInterface
public interface HttpApp {
    void onRequest(Request request, Response response);

    /**
     * As {@link DroverApp#onWorkerStart}: the worker booted; runs before its first request, in task
     * workers too. An exception here fails the worker's boot.
     */
    default void onWorkerStart(Server server, int workerId) {
    }

    /** As {@link DroverApp#onWorkerExit}: the worker was asked to stop; clear timers here. */
    default void onWorkerExit(Server server, int workerId) {
    }

    /** As {@link DroverApp#onWorkerStop}: the worker answered its last request; runs last. */
    default void onWorkerStop(Server server, int workerId) {
    }

    /** As {@link DroverApp#onPipeMessage}: a message another worker (or this one) sent with {@link Server#sendMessage}. */
    default void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
    }

    /**
     * As {@link DroverApp#onTask}: runs one task in a task worker, for a worker that called
     * {@link Server#task} or its siblings; returns the result. The default throws, so a task sent to
     * an app without this method fails with a clear reason.
     */
    default byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement onTask");
    }

    /** As {@link DroverApp#onFinish}: the result of a task this worker started with {@link Server#task}. */
    default void onFinish(Server server, long taskId, byte[] result) {
    }

    /** As {@link DroverApp#onTaskFailed}: a task this worker started with {@link Server#task} has no result. */
    default void onTaskFailed(Server server, long taskId, String reason) {
    }
}
