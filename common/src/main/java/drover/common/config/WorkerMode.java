package drover.common.config;

/** Where a worker runs the app's callbacks (setting worker_mode). */
public enum WorkerMode implements Choice {
    /** On the worker's one event-loop thread, one at a time (Swoole's synchronous mode). */
    LOOP("loop"),
    /** Each session's packets on a virtual thread, in order per session; sessions run concurrently. */
    VIRTUAL("virtual");

    private final String label;

    WorkerMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
