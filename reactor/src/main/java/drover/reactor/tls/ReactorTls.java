package drover.reactor.tls;

import drover.common.config.DroverConfig;
import drover.common.tls.RotatingTlsContext;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * What one reactor thread's TLS connections share: the process's rotating certificate (each new
 * connection takes the current one) and one decryption buffer, since a session's plaintext is
 * passed up before its receive returns. Used on its thread only.
 */
public final class ReactorTls {
    /** ALPN of an HTTP listener; a packet listener offers none. */
    private static final List<String> HTTP_ALPN = List.of("http/1.1");
    /** Room for the largest TLS record's plaintext (16 KiB) with the JDK's slack; the session grows it if ever short. */
    private static final int PLAINTEXT_BUFFER = 32 * 1024;

    private final RotatingTlsContext context;
    private final int outputBudget;
    private final long handshakeTimeoutNanos;
    private final ByteBuffer plaintext = ByteBuffer.allocateDirect(PLAINTEXT_BUFFER);

    public ReactorTls(RotatingTlsContext context, DroverConfig config) {
        this.context = context;
        this.outputBudget = config.bufferOutputSize();
        this.handshakeTimeoutNanos = config.tls().handshakeTimeout().toNanos();
    }

    /** The TLS layer of a new connection, on the certificate current now. */
    public TlsLayer newLayer(boolean http) throws SSLException {
        return new TlsLayer(context.current().newEngine(http ? HTTP_ALPN : List.of()), plaintext, outputBudget,
                handshakeTimeoutNanos);
    }
}
