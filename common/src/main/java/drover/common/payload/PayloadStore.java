package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Somewhere outside the link socket where a large payload can wait for its receiver, which gets only
 * a reference in a PAYLOAD_REF frame (docs/FRAMES.md). The receiver frees the payload as it takes it.
 *
 * <p>The core every store has. What only some stores can do is a capability of its own, which the
 * links look for once, when they are made: a view per link ({@link PerLinkStore}), reads in place
 * ({@link InPlaceInput}), space lent to fill in place and memory held per link ({@link LendingOutput}).
 */
public interface PayloadStore {
    /**
     * Stores a copy of the payload and returns the reference the receiver passes to {@link #take}, or
     * null when the store has no room for it just now and the caller should stream it instead.
     */
    byte[] put(byte[] payload) throws IOException;

    /**
     * Reads the payload a reference names and frees it, whether or not the read worked.
     *
     * @throws FrameFormatException the reference is malformed or names something this store never made
     * @throws IOException          the payload could not be read (it is lost; the link is fine)
     */
    byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException;

    /**
     * Stores a copy of the payload's remaining bytes (consuming them) and returns the reference, or
     * null when the store has no room for it just now and the caller should stream it instead.
     */
    default byte[] put(ByteBuffer payload) throws IOException {
        byte[] whole = payload.hasArray() && payload.arrayOffset() == 0 && payload.position() == 0
                && payload.remaining() == payload.array().length ? payload.array() : null;
        if (whole == null) {
            whole = new byte[payload.remaining()];
            payload.get(payload.position(), whole);
        }
        byte[] reference = put(whole);
        if (reference != null) {
            payload.position(payload.limit());
        }
        return reference;
    }

    /** For logs: e.g. "tmp_dir /dev/shm". */
    String describe();
}
