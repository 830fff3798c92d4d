package drover.common.http;

/** The request versions Drover serves; any HTTP/1.x with x above 1 is served as HTTP/1.1 (RFC 9110 §6.2). */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** As written in a request or status line, e.g. "HTTP/1.1". */
    public String text() {
        return text;
    }
}
