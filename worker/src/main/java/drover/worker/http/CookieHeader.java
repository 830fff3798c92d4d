package drover.worker.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cookie-pairs of Cookie fields (RFC 6265 §5.4): "a=1; b=\"2\"". Values are not decoded further. */
final class CookieHeader {
    private CookieHeader() {
    }

    static Map<String, String> parse(List<String> fields) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String field : fields) {
            for (String pair : field.split(";")) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    continue; // a cookie without '=' is ignored, as browsers do
                }
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty()) {
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return Collections.unmodifiableMap(cookies);
    }
}
