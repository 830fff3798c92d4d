package drover.worker.api;

/**
 * The callbacks every kind of app shares, {@link DroverApp} and
 * {@link drover.worker.api.http.HttpApp} alike: the worker's lifecycle, pipe messages from other
 * workers, and tasks run in task workers. Each does nothing by default (but {@link #onTask}, which
 * throws). They run on the threads {@link DroverApp} describes.
 */
public interface WorkerCallbacks {
    /**
     * The worker booted and is linked to every reactor thread; runs on the loop thread before the
     * worker receives any packet or request, in both worker modes. An exception here fails the worker's boot.
     *
     * @param server   the handle on the server
     * @param workerId this worker's slot, 0 .. worker_num-1
     */
    default void onWorkerStart(Server server, int workerId) {
    }

    /**
     * The worker has been asked to stop (server stop, reload or recycle). It still serves the
     * packets already on their way to it; clear timers and end background work here. Runs once.
     *
     * @param server   the handle on the server
     * @param workerId this worker's slot
     */
    default void onWorkerExit(Server server, int workerId) {
    }

    /**
     * The worker is stopping gracefully and has handled its last packet; runs last, after every
     * other callback has returned. Timers still pending are dropped after it.
     *
     * @param server   the handle on the server
     * @param workerId this worker's slot
     */
    default void onWorkerStop(Server server, int workerId) {
    }

    /**
     * A message another worker (or this one) sent with {@link Server#sendMessage}. Messages from one
     * worker to another arrive in the order they were sent.
     *
     * @param server       the handle on the server
     * @param fromWorkerId the slot of the worker that sent it
     * @param message      the message bytes
     */
    default void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
    }

    /**
     * Runs one task in a task worker ({@code task_worker_num} of them), for a worker that called
     * {@link Server#task}, {@link Server#taskAsync}, {@link Server#taskwait} or
     * {@link Server#taskWaitMulti}. A task worker runs its tasks one at a time, in the order they
     * arrived, on its one loop thread, so a task may block (a database call, a long computation);
     * one that runs longer than {@code worker_timeout} gets the task worker killed as hung. The
     * result goes back to the calling worker. The default throws, so a task sent to an app without
     * this method fails with a clear reason.
     *
     * @param server       the task worker's handle ({@link Server#isTaskWorker()} is true; sessions,
     *                     timers and tasks are not available in it)
     * @param taskId       the task's id, unique within the calling worker
     * @param fromWorkerId the slot of the worker that sent the task
     * @param data         the task's data, as the worker gave it
     * @return the result for the caller; null is taken as an empty result
     */
    default byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement onTask");
    }

    /**
     * The result of a task this worker started with {@link Server#task}. Runs on the worker like
     * any other callback (the loop thread, or a virtual thread in {@code worker_mode=virtual}).
     *
     * @param server the handle on the server
     * @param taskId the id {@link Server#task} returned
     * @param result what {@link #onTask} returned
     */
    default void onFinish(Server server, long taskId, byte[] result) {
    }

    /**
     * A task this worker started with {@link Server#task} has no result and never will: the task
     * queue was full, there is no task worker, {@link #onTask} threw, or its task worker died or
     * stopped before answering. Every task ends in exactly one of {@link #onFinish} and this. The
     * worker logs the failure too; the default does nothing more.
     *
     * @param server the handle on the server
     * @param taskId the id {@link Server#task} returned
     * @param reason why, e.g. {@code task queue full (task_queue_max 1024)}
     */
    default void onTaskFailed(Server server, long taskId, String reason) {
    }
}
