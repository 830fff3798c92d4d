package drover.common.link;

/** The kinds of Drover process; log lines name a process as {@code worker#2 pid=4711}. */
public enum ProcessRole {
    MANAGER("manager"),
    REACTOR("reactor"),
    WORKER("worker"),
    TASK_WORKER("task_worker");

    private final String label;

    ProcessRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String name(int slot) {
        return this == MANAGER ? label : label + "#" + slot;
    }

    static ProcessRole parse(String label) {
        for (ProcessRole r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown process role: " + label);
    }
}
