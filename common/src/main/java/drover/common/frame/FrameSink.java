package drover.common.frame;

import java.nio.ByteBuffer;

/**
 * Receives decoded frames. The payload buffer is only valid during the call. A sink that finds the
 * frames make no sense (e.g. a chunk without its first part) throws, and the link is closed.
 */
@FunctionalInterface
public interface FrameSink {
    void onFrame(FrameHeader header, ByteBuffer payload) throws FrameFormatException;
}
