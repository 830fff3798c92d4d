package drover.common.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Bytes written as text with C-style escapes, for settings such as package_eof whose bytes are
 * often control characters: {@code \r \n \t \0 \\ \xHH}; any other character stands for its UTF-8 bytes.
 * Escapes matter because a shell {@code --set} cannot carry a raw CR, and a properties file's own
 * escapes are already decoded when the value reaches us, so both spellings end up the same.
 */
final class EscapedBytes {
    private EscapedBytes() {
    }

    /** @throws IllegalArgumentException naming the bad escape */
    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (++i >= text.length()) {
                throw new IllegalArgumentException("a '\\' at the end escapes nothing");
            }
            char e = text.charAt(i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("'\\x' needs two hex digits");
                    }
                    String hex = text.substring(i + 1, i + 3);
                    if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw new IllegalArgumentException("'\\x" + hex + "' needs two hex digits");
                    }
                    out.write(Integer.parseInt(hex, 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape '\\" + e + "'");
            }
        }
        return out.toByteArray();
    }

    /** Text that {@link #decode} turns back into the same bytes; printable ASCII stays readable. */
    static String encode(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case 0 -> text.append("\\0");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b > ' ' && b < 127) {
                        text.append((char) b);
                    } else {
                        text.append("\\x").append(HexFormat.of().toHexDigits(b));
                    }
                }
            }
        }
        return text.toString();
    }
}
