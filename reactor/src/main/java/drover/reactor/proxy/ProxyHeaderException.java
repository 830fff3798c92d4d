package drover.reactor.proxy;

/** A connection's first bytes are not a valid PROXY header; the connection must be closed. */
public final class ProxyHeaderException extends Exception {
    public ProxyHeaderException(String message) {
        super(message);
    }
}
