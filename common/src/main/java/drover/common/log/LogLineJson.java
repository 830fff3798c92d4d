package drover.common.log;

import java.time.Instant;

/**
 * One log record as one JSON object (log_format=json): {@code time}, {@code level}, {@code role},
 * {@code slot} (absent for the manager), {@code pid}, {@code message} and, when an exception came with
 * it, {@code stack}. Line breaks and control characters are escaped, so a record is always one line.
 */
final class LogLineJson {
    private LogLineJson() {
    }

    /** @param processName "manager", or "worker#2" style: role, then the slot after '#' */
    static StringBuilder format(Instant time, String level, String processName, long pid, String message,
                                       String stack) {
        StringBuilder out = new StringBuilder(128 + message.length() + (stack == null ? 0 : stack.length()));
        int hash = processName.indexOf('#');
        out.append("{\"time\":\"").append(time).append("\",\"level\":");
        string(out, level);
        out.append(",\"role\":");
        string(out, hash < 0 ? processName : processName.substring(0, hash));
        if (hash >= 0) {
            out.append(",\"slot\":");
            String slot = processName.substring(hash + 1);
            if (slot.chars().allMatch(Character::isDigit) && !slot.isEmpty()) {
                out.append(slot);
            } else {
                string(out, slot);
            }
        }
        out.append(",\"pid\":").append(pid).append(",\"message\":");
        string(out, message);
        if (stack != null) {
            out.append(",\"stack\":");
            string(out, stack.stripTrailing());
        }
        return out.append('}');
    }

    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
