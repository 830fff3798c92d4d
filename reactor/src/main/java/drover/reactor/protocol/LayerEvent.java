package drover.reactor.protocol;

/** Something a layer saw that the reactor counts for the status output (ReactorCounters). */
public enum LayerEvent {
    /** A request was not complete within its time limit (HTTP's 408). */
    REQUEST_TIMEOUT,
    /** A TLS handshake completed. */
    TLS_HANDSHAKE,
    /** A TLS handshake failed: no common version or suite, a refused client certificate, a bad message. */
    TLS_HANDSHAKE_FAILED,
    /** A TLS handshake was not done within ssl_handshake_timeout. */
    TLS_HANDSHAKE_TIMEOUT,
    /** The client closed before its TLS handshake was done. */
    TLS_HANDSHAKE_ABORTED,
    /** The first bytes on a TLS port were plaintext (HTTP answered 400) or anything else not TLS. */
    TLS_PLAINTEXT,
    /** A TLS 1.2 renegotiation, refused. */
    TLS_RENEGOTIATION,
    /** A TLS record that could not be decrypted or verified. */
    TLS_BAD_RECORD,
    /** The client's input ended without close_notify (its last message may have been cut). */
    TLS_TRUNCATED,
    /** A trusted source's connection sent no valid PROXY header in time: refused. */
    PROXY_REFUSED
}
