package drover.manager.control;

/** Just enough JSON writing for the status report; Drover has no JSON dependency. */
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

    /** A value that is already JSON (an object another Drover process wrote); checked to be one object. */
    public Json rawField(String key, String json) {
        if (!json.startsWith("{") || !json.endsWith("}") || json.indexOf('\n') >= 0) {
           return field(key, (String) null);
        }
        key(key);
        out.append(json);
        needComma = true;
        return this;
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
