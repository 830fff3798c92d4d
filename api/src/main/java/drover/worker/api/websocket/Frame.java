package drover.worker.api.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One message from a client, as Swoole's WebSocket\Frame. Messages arrive whole (fragments are
 * reassembled in the reactor up to package_max_length) and then {@code finish} is always true;
 * with websocket_pass_fragments each fragment arrives as it ends, {@code finish} false until the
 * last. A TEXT message is valid UTF-8 (the reactor closed the connection with 1007 otherwise),
 * though one of its fragments may end inside a character.
 *
 * @param fd      the connection (session id)
 * @param opcode  TEXT or BINARY; PING or PONG only with websocket_auto_pong off
 * @param payload the message; the array is the frame's own, do not change it
 * @param finish  whether this is the message's last fragment
 */
public record Frame(long fd, Opcode opcode, byte[] payload, boolean finish) {
    /** Checks that opcode and payload are present. */
    public Frame {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * The payload decoded as UTF-8.
     *
     * @return the text of a TEXT message
     */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
