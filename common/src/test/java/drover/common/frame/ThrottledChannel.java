package drover.common.frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A socket stand-in: takes at most {@code perCall} bytes per write and {@code budget} bytes in all
 * before it is "full" and takes 0, like a non-blocking socket whose send buffer filled up.
 */
final class ThrottledChannel implements WritableByteChannel {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final int perCall;
    private long budget;
    private boolean failWhenFull;
    private int writeCalls;

    ThrottledChannel(int perCall, long budget) {
        this.perCall = perCall;
        this.budget = budget;
    }

    static ThrottledChannel unlimited() {
        return new ThrottledChannel(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Once the budget is spent, the next write throws as if the peer died. */
    ThrottledChannel failingWhenFull() {
        failWhenFull = true;
        return this;
    }

    void allow(long bytes) {
        budget += bytes;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        writeCalls++;
        if (budget == 0 && failWhenFull) {
            throw new IOException("Broken pipe");
        }
        int n = (int) Math.min(Math.min(perCall, budget), src.remaining());
        for (int i = 0; i < n; i++) {
            received.write(src.get());
        }
        budget -= n;
        return n;
    }

    byte[] received() {
        return received.toByteArray();
    }

    int writeCalls() {
        return writeCalls;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
