package drover.common.frame;

import java.nio.ByteBuffer;

/** Receives decoded frames. The payload buffer is only valid during the call. */
@FunctionalInterface
public interface FrameSink {
    void onFrame(FrameHeader header, ByteBuffer payload);
}
