package drover.common.payload;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Somewhere outside the link socket where a large payload can wait for its receiver, which gets only
 * a reference in a PAYLOAD_REF frame (docs/FRAMES.md). The receiver frees the payload as it takes it.
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

    /**
     * For a reader done with the payload when its sink returns: the payload a reference names, in
     * place where the store allows (a ring in shared memory), else a copy; valid until {@link #release}.
     */
    default ByteBuffer open(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        return ByteBuffer.wrap(take(reference, maxLength));
    }

    /** Frees the payload {@link #open} returned last; nothing when none is open. */
    default void release() {
    }

    /**
     * The reader sends the payload {@link #open} returned straight back to the process that wrote it:
     * {@link #release} will not free it, and the returned reference (the one that process gave) lets
     * the writer read it from its own memory and free it there. Null when this store cannot (the
     * payload is a copy), and the caller copies the payload as ever.
     */
    default byte[] handBack() {
        return null;
    }

    /**
     * The store one link's input takes its payloads through: this one, or for a store whose payloads
     * the reader maps (shm rings), a view that holds those mappings until {@link #closeLink}.
     */
    default PayloadStore forInput() {
        return this;
    }

    /** The link whose {@link #forLink} or {@link #forInput} view this is went away: let go of what it holds. */
    default void closeLink() {
    }

    /**
     * Space for a large payload of exactly this length that the caller fills in place (the reactor
     * reads a client's packet straight into it) and then hands to {@link #put(ByteBuffer)} whole,
     * which stores it without copying; or {@link #giveBack} when it does not. Null when this store
     * cannot lend or has no room now.
     */
    default ByteBuffer lend(int length) throws IOException {
        return null;
    }

    /** Frees space {@link #lend} gave that was not stored (a client that closed mid-packet); nothing once it was. */
    default void giveBack(ByteBuffer lent) {
    }

    /**
     * Called now and then on the link's thread: a store holding memory for a link that has been idle
     * a while gives it back (a ring's pages). Nothing for stores that hold none.
     */
    default void trimIdle(long nowNanos) {
    }

    /** The link's output now writes to another peer than before (a worker replaced another). */
    default void peerChanged() {
    }

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
