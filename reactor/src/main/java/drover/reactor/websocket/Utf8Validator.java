package drover.reactor.websocket;

/**
 * Checks UTF-8 a chunk at a time (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF), so a text message fails (1007) at its first bad byte and a character may be split
 * across fragments or reads. Holds no buffer.
 */
final class Utf8Validator {
    private int needed;          // continuation bytes still expected for the current character
    private int lower = 0x80;    // bounds of the next continuation byte (narrowed after E0, ED, F0, F4)
    private int upper = 0xBF;
    private boolean failed;

    /** Feeds bytes; false once any byte so far was invalid. */
    boolean feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end && !failed; i++) {
            int b = bytes[i];
            if (b >= 0 && needed == 0) {
                continue;    // ASCII, the common case
            }
            accept(b & 0xFF);
        }
        return !failed;
    }

    /** Whether everything fed so far is valid and ends on a character boundary. */
    boolean isComplete() {
        return !failed && needed == 0;
    }

    void reset() {
        needed = 0;
        lower = 0x80;
        upper = 0xBF;
        failed = false;
    }

    private void accept(int b) {
        if (needed > 0) {
            if (b < lower || b > upper) {
                failed = true;
                return;
            }
            lower = 0x80;
            upper = 0xBF;
            needed--;
        } else if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            if (b == 0xE0) {
                lower = 0xA0;    // below is overlong
            } else if (b == 0xED) {
                upper = 0x9F;    // above are the surrogates D800-DFFF
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            if (b == 0xF0) {
                lower = 0x90;    // below is overlong
            } else if (b == 0xF4) {
                upper = 0x8F;    // above is past U+10FFFF
            }
        } else {
            failed = true;       // 80-C1 cannot start a character; F5-FF never appear
        }
    }
}
