package drover.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response as read off the wire by {@link RawHttpClient}.
 *
 * @param fields names lower-cased, values in order
 */
record HttpReply(String version, int status, Map<String, List<String>> fields, byte[] body) {
    /** The first value of the field, or null. */
    String field(String name) {
        List<String> values = fields.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : values.getFirst();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean closes() {
        return "close".equalsIgnoreCase(field("Connection"));
    }

    @Override
    public String toString() {
        return version + " " + status + " " + fields + " body " + body.length + " bytes: "
                + (body.length <= 200 ? text() : text().substring(0, 200) + "...");
    }
}
