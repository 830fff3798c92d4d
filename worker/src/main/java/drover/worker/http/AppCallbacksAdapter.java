package drover.worker.http;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.WorkerCallbacks;

/**
 * Runs an app of another API (HttpApp, WebSocketApp) as the worker's {@link DroverApp}: the lifecycle,
 * pipe message and task callbacks they share ({@link WorkerCallbacks}) go to the app as they are;
 * the subclass turns the session callbacks into the app's own.
 */
public abstract class AppCallbacksAdapter implements DroverApp {
    private final WorkerCallbacks callbacks;

    protected AppCallbacksAdapter(WorkerCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** The user's app, whose shared callbacks these are. */
    public WorkerCallbacks callbacks() {
        return callbacks;
    }

    @Override
    public void onWorkerStart(Server server, int workerId) {
        callbacks.onWorkerStart(server, workerId);
    }

    @Override
    public void onWorkerExit(Server server, int workerId) {
        callbacks.onWorkerExit(server, workerId);
    }

    @Override
    public void onWorkerStop(Server server, int workerId) {
        callbacks.onWorkerStop(server, workerId);
    }

    @Override
    public void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
        callbacks.onPipeMessage(server, fromWorkerId, message);
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        return callbacks.onTask(server, taskId, fromWorkerId, data);
    }

    @Override
    public void onFinish(Server server, long taskId, byte[] result) {
        callbacks.onFinish(server, taskId, result);
    }

    @Override
    public void onTaskFailed(Server server, long taskId, String reason) {
        callbacks.onTaskFailed(server, taskId, reason);
    }
}
