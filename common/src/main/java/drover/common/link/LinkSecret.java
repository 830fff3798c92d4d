package drover.common.link;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The per-start secret a worker proves in its HELLO on a reactor or task worker link, so that a
 * local process that merely reaches the socket cannot take a worker slot (docs/OPERATIONS.md,
 * "Security"). The manager makes a new one at each start and hands it to its children in the
 * environment variable {@value #ENV}: never on a command line, which every user can read in
 * {@code /proc/PID/cmdline}, while a process's environment is readable only by its own user and root.
 */
public final class LinkSecret {
    public static final String ENV = "DROVER_LINK_SECRET";
    private static final int BYTES = 32;

    private LinkSecret() {
    }

    /** A fresh secret: 32 random bytes, hex. */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The secret this process's manager gave it, or null when it was started without one. */
    public static String inherited() {
        String secret = System.getenv(ENV);
        return secret == null || secret.isBlank() ? null : secret.trim();
    }

    /** Compares in constant time, so the time a refusal takes says nothing about the secret. */
    static boolean matches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
