package drover.reactor.protocol;

import java.io.IOException;

/** Why a connection ended; the worker's onClose gets the text. EPIPE and ECONNRESET are reasons, not errors. */
public enum CloseReason {
    PEER_CLOSED("peer closed"),
    PEER_RESET("connection reset by peer"),
    BROKEN_PIPE("broken pipe"),
    IO_ERROR("i/o error"),
    SERVER_CLOSED("closed by the server"),
    SERVER_RESET("reset by the server"),
    IDLE("idle for heartbeat_idle_time"),
    BAD_PACKET("bad packet"),
    WORKER_EXITED("its worker exited mid-response"),
    OUTPUT_OVERFLOW("response beyond the output limit"),
    SHUTDOWN("server shutdown"),
    TLS_HANDSHAKE_FAILED("TLS handshake failed"),
    TLS_HANDSHAKE_TIMEOUT("TLS handshake not done within ssl_handshake_timeout"),
    TLS_PLAINTEXT("plaintext sent to a TLS port"),
    TLS_RENEGOTIATION("TLS renegotiation refused"),
    TLS_BAD_RECORD("bad TLS record");

    private final String text;

    CloseReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static CloseReason of(IOException error) {
        String message = String.valueOf(error.getMessage());
        if (message.contains("reset")) {
            return PEER_RESET;
        }
        if (message.contains("Broken pipe")) {
            return BROKEN_PIPE;
        }
        return IO_ERROR;
    }
}
