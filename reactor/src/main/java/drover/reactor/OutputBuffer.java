package drover.reactor;

import drover.common.buffer.OutboundBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Bytes waiting to be written to one client; a partial write of a large reply copies nothing. */
final class OutputBuffer {
    private final OutboundBuffer bytes = new OutboundBuffer(4096);

    void append(ByteBuffer data) {
        bytes.room(data.remaining()).put(data);
    }

    /** Writes what the socket takes now; true when nothing is left. */
    boolean flushTo(WritableByteChannel channel) throws IOException {
        if (bytes.pending() == 0) {
            return true;
        }
        bytes.writeTo(channel);
        bytes.releaseIfEmpty();
        return bytes.pending() == 0;
    }

    int pending() {
        return bytes.pending();
    }
}
