package drover.common.tls;

import java.nio.ByteBuffer;

/** Takes the plaintext a {@link TlsSession} decrypted. */
@FunctionalInterface
public interface PlaintextSink {
    /**
     * @param plaintext decrypted bytes, valid only during the call: consume or copy all of them
     * @return false to stop decrypting for now (the layer above is full); the undecrypted records
     *         stay in the caller's input until the next {@link TlsSession#receive}
     */
    boolean accept(ByteBuffer plaintext);
}
