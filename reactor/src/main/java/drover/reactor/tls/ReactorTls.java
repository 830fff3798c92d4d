package drover.reactor.tls;

import drover.common.config.DroverConfig;
import drover.common.tls.RotatingTlsContext;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * What one reactor thread's TLS connections share: the process's rotating certificate (each new
 * connection takes the current one) and one decryption and one encryption buffer (SharedTlsBuffers).
 * Used on its thread only.
 */
public final class ReactorTls {
    /** ALPN of an HTTP listener; a packet listener offers none. */
    private static final List<String> HTTP_ALPN = List.of("http/1.1");

    private final RotatingTlsContext context;
    private final int outputBudget;
    private final long handshakeTimeoutNanos;
    private final SharedTlsBuffers buffers = new SharedTlsBuffers();

    public ReactorTls(RotatingTlsContext context, DroverConfig config) {
        this.context = context;
        this.outputBudget = config.bufferOutputSize();
        this.handshakeTimeoutNanos = config.tls().handshakeTimeout().toNanos();
    }

    /** The TLS layer of a new connection, on the certificate current now. */
    public TlsLayer newLayer(boolean http) throws SSLException {
        return new TlsLayer(context.current().newEngine(http ? HTTP_ALPN : List.of()), buffers, outputBudget,
                handshakeTimeoutNanos);
    }
}
