package drover.common.config;

/** The Linux CPU scheduling policy the manager starts its children under (setting sched_policy). */
public enum SchedPolicy implements Choice {
    /**
     * SCHED_BATCH: a child woken by another does not preempt the one running, which goes on with its
     * turn; the reactor and the workers then hand each other packets in batches instead of one by one.
     */
    BATCH("batch"),
    /** SCHED_OTHER, the default of every Linux process: the woken child may preempt at once. */
    NORMAL("normal");

    private final String label;

    SchedPolicy(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
