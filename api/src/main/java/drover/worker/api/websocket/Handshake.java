package drover.worker.api.websocket;

import java.util.Objects;

/**
 * What {@link WebSocketApp#onHandshake} decides about an upgrade request that the reactor found
 * valid: go ahead (optionally choosing one of the offered subprotocols), or refuse it with an HTTP
 * status, e.g. 401 or 403 when authentication fails. A refused client gets the status, the reason
 * as a text body, and the connection closes.
 */
public final class Handshake {
    private static final Handshake ACCEPT = new Handshake(101, null, null);

    private final int status;
    private final String subprotocol;
    private final String reason;

    private Handshake(int status, String subprotocol, String reason) {
        this.status = status;
        this.subprotocol = subprotocol;
        this.reason = reason;
    }

    /**
     * Upgrade the connection, with no subprotocol.
     *
     * @return the decision to accept
     */
    public static Handshake accept() {
        return ACCEPT;
    }

    /**
     * Upgrade the connection with a subprotocol.
     *
     * @param subprotocol one the client offered in Sec-WebSocket-Protocol (another refuses with 500)
     * @return the decision to accept
     */
    public static Handshake accept(String subprotocol) {
        return new Handshake(101, Objects.requireNonNull(subprotocol, "subprotocol"), null);
    }

    /**
     * Refuse the upgrade.
     *
     * @param status an HTTP status 400..599
     * @param reason the response body, for the client
     * @return the decision to refuse
     */
    public static Handshake refuse(int status, String reason) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status " + status + ": a refusal is 400..599");
        }
        return new Handshake(status, null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Whether the upgrade goes ahead.
     *
     * @return true for {@link #accept()}
     */
    public boolean isAccepted() {
        return status == 101;
    }

    /**
     * The status the client gets.
     *
     * @return 101 when accepted, else the refusal's status
     */
    public int status() {
        return status;
    }

    /**
     * The chosen subprotocol.
     *
     * @return the subprotocol, or null
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Why the upgrade was refused.
     *
     * @return the refusal's reason, or null when accepted
     */
    public String reason() {
        return reason;
    }
}
