package drover.worker.api;

/**
 * A task did not produce a result: the task queue was full, no task worker could take it, its
 * {@link WorkerCallbacks#onTask} threw, its task worker died or stopped before answering, or a
 * {@link Server#taskwait} ran out of time. The message says which.
 */
public final class TaskException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    /**
     * A task without a result.
     *
     * @param reason   why the task has no result, for the log and the app
     * @param timedOut true when the caller stopped waiting (the task may still run, and its result is dropped)
     */
    public TaskException(String reason, boolean timedOut) {
        super(reason);
        this.timedOut = timedOut;
    }

    /**
     * Whether the caller's timeout ran out: the task itself may still run in its task worker, and its
     * result, when it comes, is dropped (it is never delivered to another caller or to
     * {@link WorkerCallbacks#onFinish}).
     *
     * @return true for a {@link Server#taskwait} timeout, false for every other failure
     */
    public boolean timedOut() {
        return timedOut;
    }
}
