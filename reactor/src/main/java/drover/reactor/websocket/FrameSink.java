package drover.reactor.websocket;

/** What {@link FrameDecoder} found in a client's bytes, already validated. */
interface FrameSink {
    /**
     * A data message (reassembled), or with pass-through one fragment of it: {@code finish} tells the
     * last. The type is TEXT or BINARY on every fragment. Text is valid UTF-8 once finished.
     */
    void onMessage(Opcode type, byte[] payload, boolean finish);

    void onPing(byte[] payload);

    void onPong(byte[] payload);

    /** A close frame: its code (1005 when it had none) and reason, both checked. */
    void onClose(int code, String reason);
}
