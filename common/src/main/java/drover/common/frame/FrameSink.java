package drover.common.frame;

import java.nio.ByteBuffer;

/**
 * Receives decoded frames. The header and the payload buffer are only valid during the call: the
 * reader hands the next frame in the same objects ({@link FrameReader}), so a sink copies what it
 * keeps ({@link FrameHeader#copy()}, the payload's bytes) and reads the payload relatively, from its
 * position, which is not 0. A sink that finds the frames make no sense (e.g. a chunk without its
 * first part) throws, and the link is closed.
 */
@FunctionalInterface
public interface FrameSink {
    void onFrame(FrameHeader header, ByteBuffer payload) throws FrameFormatException;
}
