package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Somewhere outside the link socket where a large payload can wait for its receiver, which gets only
 * a reference in a PAYLOAD_REF frame (docs/FRAMES.md). The receiver frees the payload as it takes it.
 */
public interface PayloadStore {
    /** Stores a copy of the payload and returns the reference the receiver passes to {@link #take}. */
    byte[] put(byte[] payload) throws IOException;

    /**
     * Reads the payload a reference names and frees it, whether or not the read worked.
     *
     * @throws FrameFormatException the reference is malformed or names something this store never made
     * @throws IOException          the payload could not be read (it is lost; the link is fine)
     */
    byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException;

    /**
     * The store one link's output puts its payloads in (LinkOutput): this one, or for a store whose
     * reader must be the only one (a Chronicle Queue), a view with a queue of the link's own.
     */
    default PayloadStore forLink() {
        return this;
    }

    /** For logs: e.g. "tmp_dir /dev/shm". */
    String describe();
}
