package drover.common.metrics;

/** The kinds of app metric; the code is the byte on the wire. */
public enum MetricType {
    COUNTER(1), GAUGE(2), HISTOGRAM(3);

    private final int code;

    MetricType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static MetricType of(int code) {
        for (MetricType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown metric type " + code);
    }
}
