package drover.common.config;

/** The lines of http_access_log (setting http_access_log_format). */
public enum AccessLogFormat implements Choice {
    /** The Common Log Format: {@code host - - [time] "request line" status bytes}. */
    COMMON("common"),
    /** One JSON object a line: time, remote, request, status, bytes, worker. */
    JSON("json");

    private final String label;

    AccessLogFormat(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
