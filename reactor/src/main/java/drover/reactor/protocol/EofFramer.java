package drover.reactor.protocol;

import java.nio.ByteBuffer;

/**
 * Swoole's {@code open_eof_split} and {@code open_eof_check}, both ending messages with
 * {@code package_eof}. Split mode delivers one packet per message, marker included. Check mode only
 * looks at the end of what has arrived: once it ends with the marker, everything buffered is one
 * packet (several messages when the client sent them together), as Swoole does.
 */
public final class EofFramer implements PacketFramer {
    private final byte[] eof;
    private final boolean split;
    private final int maxLength;
    /** Split mode: leading bytes of the pending data already searched, so a slow client is not rescanned. */
    private int scanned;

    /**
     * @param eof       package_eof, 1..8 bytes
     * @param split     true for open_eof_split, false for open_eof_check
     * @param maxLength package_max_length: the largest packet, marker included
     */
    public EofFramer(byte[] eof, boolean split, int maxLength) {
        if (eof.length == 0) {
            throw new IllegalArgumentException("package_eof is empty");
        }
        if (maxLength < eof.length) {
            throw new IllegalArgumentException("package_max_length " + maxLength
                    + " is shorter than package_eof (" + eof.length + " bytes), so no packet could fit");
        }
        this.eof = eof.clone();
        this.split = split;
        this.maxLength = maxLength;
    }

    @Override
    public int frame(ByteBuffer in, PacketSink sink) throws PacketFormatException {
        if (split) {
            splitAtEveryMarker(in, sink);
        } else {
            deliverWhenEndingWithMarker(in, sink);
        }
        return 0; // a message's size is only known once its marker arrives
    }

    private void splitAtEveryMarker(ByteBuffer in, PacketSink sink) throws PacketFormatException {
        while (in.hasRemaining()) {
            int start = in.position();
            // A marker may straddle the end of the last search, so back up by its length less one.
            int from = start + Math.max(0, scanned - (eof.length - 1));
            int end = indexOfMarkerEnd(in, from, in.limit());
            if (end < 0) {
                scanned = in.remaining();
                refuseOverLength(scanned + 1, "without package_eof");
                return;
            }
            scanned = 0;
            refuseOverLength(end - start, "with its package_eof");
            PacketSink.deliver(in, start, end, sink);
        }
    }

    private void deliverWhenEndingWithMarker(ByteBuffer in, PacketSink sink) throws PacketFormatException {
        int length = in.remaining();
        if (length >= eof.length && endsWithMarker(in)) {
            refuseOverLength(length, "ending with package_eof");
            PacketSink.deliver(in, in.position(), in.limit(), sink);
            return;
        }
        refuseOverLength(length + 1, "without package_eof at the end");
    }

    private void refuseOverLength(int length, String what) throws PacketFormatException {
        if (length > maxLength) {
            throw new PacketFormatException("packet of " + (what.startsWith("without") ? "at least " : "") + length
                    + " bytes " + what + " exceeds package_max_length " + maxLength);
        }
    }

    /** The index just past the first whole marker found starting in [from, limit), or -1. */
    private int indexOfMarkerEnd(ByteBuffer in, int from, int limit) {
        int last = limit - eof.length;
        for (int i = from; i <= last; i++) {
            if (in.get(i) == eof[0] && matchesAt(in, i)) {
                return i + eof.length;
            }
        }
        return -1;
    }

    private boolean endsWithMarker(ByteBuffer in) {
        return matchesAt(in, in.limit() - eof.length);
    }

    private boolean matchesAt(ByteBuffer in, int index) {
        for (int k = 0; k < eof.length; k++) {
            if (in.get(index + k) != eof[k]) {
                return false;
            }
        }
        return true;
    }
}
