package drover.bench.tfb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One response as read off the wire: header names in lower case, the body de-chunked. */
record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    /** The field's only value, null when absent; repeated fields are joined with ", ". */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : String.join(", ", values);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
