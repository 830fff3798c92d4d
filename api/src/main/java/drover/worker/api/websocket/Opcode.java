package drover.worker.api.websocket;

/**
 * What a frame carries (RFC 6455 section 5.2). Apps see TEXT and BINARY messages; PING and PONG
 * only when websocket_auto_pong is off, and then answer a ping themselves with a PONG push.
 * Close frames are not messages: they end in {@link WebSocketApp#onClose}.
 */
public enum Opcode {
    /** A message of UTF-8 text. */
    TEXT(0x1),
    /** A message of bytes. */
    BINARY(0x2),
    /** A ping, asking for a pong with the same payload (at most 125 bytes). */
    PING(0x9),
    /** A pong, the answer to a ping or a one-way heartbeat. */
    PONG(0xA);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * The value on the wire.
     *
     * @return the code, as Swoole's WEBSOCKET_OPCODE_* constants
     */
    public int code() {
        return code;
    }

    /**
     * The opcode with a wire value.
     *
     * @param code 1, 2, 9 or 10
     * @return the opcode
     * @throws IllegalArgumentException for any other code
     */
    public static Opcode of(int code) {
        for (Opcode opcode : values()) {
            if (opcode.code == code) {
                return opcode;
            }
        }
        throw new IllegalArgumentException("opcode " + code + ": expected 1 (text), 2 (binary), 9 (ping) or 10 (pong)");
    }
}
