package drover.reactor.websocket;

import java.util.Arrays;

/** A byte array that grows by doubling up to a cap, reused message after message by one connection. */
final class GrowableBytes {
    private static final int INITIAL = 256;
    private static final int KEEP_BETWEEN_MESSAGES = 64 * 1024;  // a bigger array is dropped, not kept per idle connection

    private byte[] array = new byte[0];
    private int size;

    byte[] array() {
        return array;
    }

    int size() {
        return size;
    }

    int spare() {
        return array.length - size;
    }

    void advance(int count) {
        size += count;
    }

    /** Makes room for at least {@code wanted} more bytes, never growing past cap. */
    void ensureSpare(int wanted, int cap) {
        long needed = (long) size + wanted;
        if (needed <= array.length) {
            return;
        }
        long grown = Math.max(needed, Math.max(INITIAL, (long) array.length * 2));
        array = Arrays.copyOf(array, (int) Math.min(grown, Math.max(cap, needed)));
    }

    /** The content as its own array, then empty again. */
    byte[] take() {
        byte[] content = Arrays.copyOf(array, size);
        size = 0;
        if (array.length > KEEP_BETWEEN_MESSAGES) {
            array = new byte[0];
        }
        return content;
    }
}
