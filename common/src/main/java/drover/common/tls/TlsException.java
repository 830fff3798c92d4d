package drover.common.tls;

/**
 * Why a TLS connection cannot go on. The session is closed when this is thrown; whatever it queued
 * (a fatal alert, a plain-HTTP answer) should still be written before the socket is closed.
 */
public final class TlsException extends Exception {
    /** One per counter the reactor keeps, so that an operator can tell a scan from a broken client. */
    public enum Kind {
        /** The first bytes were a plaintext HTTP request: answered with a plain 400. */
        PLAINTEXT_HTTP,
        /** The first byte cannot start a TLS handshake record. */
        NOT_TLS,
        /** The handshake failed: no common version or suite, a refused certificate, a bad message. */
        HANDSHAKE_FAILED,
        /** The peer began a second handshake; renegotiation is refused (CVE-2009-3555, CPU exhaustion). */
        RENEGOTIATION,
        /** A record after the handshake could not be decrypted or verified. */
        BAD_RECORD
    }

    private final Kind kind;

    public TlsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
