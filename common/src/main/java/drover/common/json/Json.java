package drover.common.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drover's one JSON writer (and the one reader it needs, for flat objects of numbers): the
 * manager's status report and the reactor's counters. Drover has no JSON dependency.
 */
public final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    public Json begin() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public Json end() {
        out.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray(String key) {
        key(key);
        out.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    public Json object(String key) {
        key(key);
        out.append('{');
        needComma = false;
        return this;
    }

    public Json field(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    public Json field(String key, long value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    public Json field(String key, boolean value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    /** A flat object of numbers, in the map's order. */
    public Json object(String key, Map<String, Long> values) {
        object(key);
        values.forEach(this::field);
        return end();
    }

    /**
     * Reads a flat JSON object whose values are all integers, {"a":1,"b":-2}, keeping its order;
     * anything else is refused with where and why.
     */
    public static Map<String, Long> readNumbers(String json) {
        Map<String, Long> values = new LinkedHashMap<>();
        String text = json.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: '" + abbreviate(text) + "'");
        }
        String body = text.substring(1, text.length() - 1).strip();
        if (body.isEmpty()) {
            return values;
        }
        for (String member : body.split(",", -1)) {
            int colon = member.indexOf(':');
            String key = colon < 0 ? "" : member.substring(0, colon).strip();
            if (key.length() < 2 || !key.startsWith("\"") || !key.endsWith("\"") || key.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("bad member '" + abbreviate(member.strip()) + "': want \"name\":number");
            }
            try {
                values.put(key.substring(1, key.length() - 1), Long.parseLong(member.substring(colon + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad member '" + abbreviate(member.strip()) + "': its value is not an integer");
            }
        }
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(':');
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
