package drover.common.payload;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A link's output view that lends space for a large payload to be filled in place (the reactor reads a
 * client's packet straight into a ring) and holds memory for its link: a ring's pages, which it gives
 * back when the link idles and lets go of when the link closes.
 */
public interface LendingOutput extends PayloadStore {
    /**
     * Space for a large payload of exactly this length that the caller fills in place and then hands
     * to {@link #put(ByteBuffer)} whole, which stores it without copying; or {@link #giveBack} when it
     * does not. Null when there is no room now.
     */
    ByteBuffer lend(int length) throws IOException;

    /** Frees space {@link #lend} gave that was not stored (a client that closed mid-packet); nothing once it was. */
    void giveBack(ByteBuffer lent);

    /** Called now and then on the link's thread: memory held for a link idle a while goes back. */
    void trimIdle(long nowNanos);

    /** The link's output now writes to another peer than before (a worker replaced another). */
    void peerChanged();

    /** The link went away: let go of what this view holds (its rings). */
    void closeLink();
}
