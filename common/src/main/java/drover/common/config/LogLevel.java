package drover.common.config;

/** The least severe log level written (setting log_level), in increasing severity. */
public enum LogLevel implements Choice {
    DEBUG("debug"),
    INFO("info"),
    WARN("warn"),
    ERROR("error");

    private final String label;

    LogLevel(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
