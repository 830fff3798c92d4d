/**
 * TLS for the reactor, from the JDK alone: PEM certificates and keys read by hand
 * ({@code PemFile}, {@code PrivateKeys}, {@code TlsMaterial}), the {@code SSLContext} built from the
 * ssl_* settings ({@code TlsContextFactory}), the holder that re-reads the pair on rotation
 * ({@code RotatingTlsContext}), and the byte engine of one connection ({@code TlsSession}), which
 * turns ciphertext into plaintext and back and knows no channel. Only the reactor terminates TLS;
 * this lives in common so that the manager can refuse a start on a bad certificate or key before
 * any process is spawned. Uses {@code config} (the settings) and {@code log}.
 */
package drover.common.tls;
