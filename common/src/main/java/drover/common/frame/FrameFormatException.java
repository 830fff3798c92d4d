package drover.common.frame;

/** A peer sent bytes that cannot be a Drover frame; the link to that peer is closed. */
public final class FrameFormatException extends Exception {
    public FrameFormatException(String message) {
        super(message);
    }
}
