package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A link's input view that lends a payload where it lies (an entry of a ring in shared memory) rather
 * than a copy, and can send it straight back to the process that wrote it. LinkInput uses it for a
 * sink that is done with the payload when it returns; any other store's payload is a copy.
 */
public interface InPlaceInput extends PayloadStore {
    /** The payload a reference names, in place; valid until {@link #release}. */
    ByteBuffer open(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException;

    /** Frees the payload {@link #open} returned last; nothing when none is open. */
    void release();

    /**
     * The reader sends the payload {@link #open} returned straight back to the process that wrote it:
     * {@link #release} will not free it, and the returned reference (the one that process gave) lets
     * the writer read it from its own memory and free it there. Null when none is open.
     */
    byte[] handBack();

    /** The link went away: let go of what this view holds (the peer's mapped rings). */
    void closeLink();
}
