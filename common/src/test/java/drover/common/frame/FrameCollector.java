package drover.common.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A FrameSink that keeps copies of every frame it is given, in order. */
final class FrameCollector implements FrameSink {
    final List<DecodedFrame> frames = new ArrayList<>();

    @Override
    public void onFrame(FrameHeader header, ByteBuffer payload) {
        assertPayloadMatchesHeader(header, payload);
        frames.add(DecodedFrame.of(header, payload));
    }

    private static void assertPayloadMatchesHeader(FrameHeader header, ByteBuffer payload) {
        if (payload.remaining() != header.length()) {
            throw new AssertionError("payload has " + payload.remaining() + " bytes, header says " + header.length());
        }
    }

    /** Decodes a whole byte stream in one feed. */
    static List<DecodedFrame> decode(byte[] stream, int maxPayload) throws FrameFormatException {
        FrameCollector collector = new FrameCollector();
        FrameReader reader = new FrameReader(maxPayload);
        reader.feed(ByteBuffer.wrap(stream), collector);
        if (reader.buffered() != 0) {
            throw new AssertionError(reader.buffered() + " bytes left over after the last whole frame");
        }
        return collector.frames;
    }
}
