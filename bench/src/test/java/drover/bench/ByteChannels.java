package drover.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.GatheringByteChannel;

/** In-memory channels for the writer and checker tests. */
final class ByteChannels {
    private ByteChannels() {
    }

    /** Takes at most {@code perWrite} bytes per write, gathering or not, keeping everything written. */
    static final class Collecting implements GatheringByteChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int perWrite;

        Collecting(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(perWrite, src.remaining());
            for (int i = 0; i < n; i++) {
                written.write(src.get());
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long total = 0;
            for (int i = offset; i < offset + length && total < perWrite; i++) {
                int n = Math.min(perWrite - (int) total, srcs[i].remaining());
                for (int k = 0; k < n; k++) {
                    written.write(srcs[i].get());
                }
                total += n;
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Hands out the given bytes, at most {@code perRead} per read. */
    static final class Feeding implements ReadableByteChannel {
        private final ByteBuffer source;
        private final int perRead;

        Feeding(byte[] bytes, int perRead) {
            this.source = ByteBuffer.wrap(bytes);
            this.perRead = perRead;
        }

        boolean exhausted() {
            return !source.hasRemaining();
        }

        @Override
        public int read(ByteBuffer dst) {
            int n = Math.min(Math.min(perRead, dst.remaining()), source.remaining());
            dst.put(dst.position(), source, source.position(), n);
            dst.position(dst.position() + n);
            source.position(source.position() + n);
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
}
