package drover.common.frame;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A readable socket stand-in that hands out a byte stream at most {@code chunk} bytes per read, then
 * EOF. With {@code idleBetweenChunks} every other read finds nothing yet and returns 0.
 */
final class ChunkedChannel implements ReadableByteChannel {
    private final ByteBuffer data;
    private final int chunk;
    private final boolean idleBetweenChunks;
    private boolean idleNext;

    ChunkedChannel(byte[] data, int chunk, boolean idleBetweenChunks) {
        this.data = ByteBuffer.wrap(data);
        this.chunk = chunk;
        this.idleBetweenChunks = idleBetweenChunks;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (idleNext) {
            idleNext = false;
            return 0;
        }
        if (!data.hasRemaining()) {
            return -1;
        }
        idleNext = idleBetweenChunks;
        int n = Math.min(Math.min(chunk, dst.remaining()), data.remaining());
        dst.put(data.slice(data.position(), n));
        data.position(data.position() + n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
