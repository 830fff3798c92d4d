package drover.reactor;

import drover.common.buffer.GrowableBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Bytes waiting to be written to one client. */
final class OutputBuffer {
    private final GrowableBuffer bytes = new GrowableBuffer(4096);

    void append(ByteBuffer data) {
        bytes.room(data.remaining()).put(data);
    }

    /** Writes what the socket takes now; true when nothing is left. */
    boolean flushTo(WritableByteChannel channel) throws IOException {
        ByteBuffer buf = bytes.buffer();
        if (buf.position() == 0) {
            return true;
        }
        buf.flip();
        try {
            while (buf.hasRemaining() && channel.write(buf) > 0) {
                // keep writing while the socket accepts bytes
            }
        } finally {
            buf.compact();
            bytes.shrinkIfEmpty();
        }
        return bytes.buffer().position() == 0;
    }

    int pending() {
        return bytes.buffer().position();
    }
}
