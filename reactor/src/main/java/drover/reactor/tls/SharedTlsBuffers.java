package drover.reactor.tls;

import java.nio.ByteBuffer;

/**
 * The buffers every TLS connection of one reactor thread decrypts into and encrypts into: a
 * session's plaintext is passed up, and its ciphertext written or queued, before its call returns,
 * so one pair serves them all and an idle connection holds no record-sized buffer (100,000
 * connections would hold 3 GB). Both are direct: the socket reads and writes them with no copy
 * through the JDK's temporary direct buffer.
 */
public record SharedTlsBuffers(ByteBuffer plaintext, ByteBuffer ciphertext) {
    /** Most ciphertext a connection encrypts in one go (TlsSession's budget): a large reply goes in 64 KiB writes. */
    public static final int BATCH = 64 * 1024;
    /** Room for the largest TLS record's plaintext (16 KiB) with the JDK's slack; the session grows it if ever short. */
    private static final int PLAINTEXT = 32 * 1024;
    /** One batch and the record that crosses its end (a TLS record is at most 16 KiB plus 325 bytes of overhead). */
    private static final int CIPHERTEXT = BATCH + 17 * 1024;

    public SharedTlsBuffers() {
        this(ByteBuffer.allocateDirect(PLAINTEXT), ByteBuffer.allocateDirect(CIPHERTEXT));
    }
}
