package drover.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A channel that takes every byte at once, so a benchmark measures the writer and not a socket. */
final class DiscardingChannel implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
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
