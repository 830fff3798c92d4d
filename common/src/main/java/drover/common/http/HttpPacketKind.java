package drover.common.http;

/** The first byte of every HTTP packet the reactor hands a worker (docs/HTTP.md, "Wire encoding"). */
public enum HttpPacketKind {
    /** A whole request: head, body and trailers. */
    REQUEST(1),
    /** The client sent {@code Expect: 100-continue} and waits for an interim 100 before sending the body. */
    CONTINUE(2),
    /** The request cannot be served; answer with the status's error response, then close. */
    REJECT(3),
    /** The client closed its side: close after the responses owed so far. */
    END(4);

    private final int code;

    HttpPacketKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** A switch rather than a walk over values(), which copies the array on every packet. */
    public static HttpPacketKind of(int code) throws HttpPacketFormatException {
        return switch (code) {
            case 1 -> REQUEST;
            case 2 -> CONTINUE;
            case 3 -> REJECT;
            case 4 -> END;
            default -> throw new HttpPacketFormatException("unknown HTTP packet kind " + code + " (expected 1..4)");
        };
    }
}
