package drover.common.config;

/** How the manager writes log lines (setting log_format). */
public enum LogFormat implements Choice {
    /** {@code time LEVEL process pid=N message}, a stack trace on the lines after. */
    TEXT("text"),
    /** One JSON object a line: time, level, role, slot, pid, message and, with an exception, stack. */
    JSON("json");

    private final String label;

    LogFormat(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
