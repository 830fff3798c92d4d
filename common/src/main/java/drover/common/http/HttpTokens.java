package drover.common.http;

/** The character classes of RFC 9110 §5.6.2 (tchar) and §5.5 (field values), as byte tests. */
public final class HttpTokens {
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpTokens() {
    }

    /** A token character: what method names and field names are made of. */
    public static boolean isTchar(int b) {
        return b >= 0 && b < 256 && TCHAR[b];
    }

    public static boolean isToken(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isTchar(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** A byte allowed inside a field value: tab, space, visible ASCII or obs-text (0x80-0xFF). */
    public static boolean isFieldValueByte(int b) {
        int u = b & 0xFF;
        return u == '\t' || (u >= 0x20 && u != 0x7F);
    }

    /** A byte allowed in a request target: visible ASCII only (RFC 9112 §3.2). */
    public static boolean isTargetByte(int b) {
        int u = b & 0xFF;
        return u > 0x20 && u < 0x7F;
    }
}
