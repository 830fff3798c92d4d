package drover.reactor.websocket;

/**
 * The close status codes Drover sends (RFC 6455 section 7.4.1), and which codes a peer may send.
 * 1005 and 1006 are never on the wire: they stand for "no status" and "closed without a close frame".
 */
public enum CloseStatus {
    NORMAL(1000),
    GOING_AWAY(1001),
    PROTOCOL_ERROR(1002),
    UNSUPPORTED_DATA(1003),
    NO_STATUS(1005),
    ABNORMAL(1006),
    INVALID_PAYLOAD(1007),
    POLICY_VIOLATION(1008),
    MESSAGE_TOO_BIG(1009),
    MANDATORY_EXTENSION(1010),
    INTERNAL_ERROR(1011);

    private final int code;

    CloseStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * Whether a peer may send the code in a close frame: the defined codes 1000-1003 and
     * 1007-1011, 1012-1014 (registered with IANA since), and 3000-4999 (libraries and apps).
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
