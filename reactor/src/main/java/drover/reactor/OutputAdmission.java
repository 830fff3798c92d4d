package drover.reactor;

import drover.common.log.Log;
import drover.common.session.SessionId;

/**
 * Whether a worker's bytes for one client fit under the connection's output limit, and the
 * watermark its home worker hears of (BUFFER_FULL when the queue passes 80% of
 * buffer_output_size, BUFFER_EMPTY once it drained). A send over the limit is refused whole: the
 * worker hears why, and the log says so once per connection.
 */
final class OutputAdmission {
    private final long sessionId;
    private final int bufferOutputSize;
    /** BUFFER_FULL was sent and BUFFER_EMPTY not yet. */
    private boolean full;
    private boolean overflowLogged;

    OutputAdmission(long sessionId, int bufferOutputSize) {
        this.sessionId = sessionId;
        this.bufferOutputSize = bufferOutputSize;
    }

    /** Why {@code size} more bytes do not fit with {@code queued} waiting under {@code limit}, or null. */
    String refusal(long queued, int size, long limit, String remoteAddress, boolean open) {
        if (queued + size <= limit) {
            return null;
        }
        String why = "output buffer full: " + queued + " bytes waiting + " + size + " sent > "
                + (limit > bufferOutputSize ? "buffer_output_size + largest message " : "buffer_output_size ") + limit;
        if (open && !overflowLogged) {
            overflowLogged = true; // once per connection, and rate-limited: many slow clients are many connections
            Log.warnThrottled("output buffer full", "session " + SessionId.format(sessionId) + " from "
                    + remoteAddress + ": " + why + "; refusing sends until it drains (logged once per connection)");
        }
        return why;
    }

    /** True when the queue just passed the high watermark: BUFFER_FULL is due. */
    boolean becameFull(long queued) {
        if (!full && queued >= highWatermark()) {
            full = true;
            return true;
        }
        return false;
    }

    /** True when the queue just drained after a BUFFER_FULL: BUFFER_EMPTY is due. */
    boolean becameEmpty() {
        if (full) {
            full = false;
            return true;
        }
        return false;
    }

    // Swoole's buffer_high_watermark default: 80% of the output buffer, leaving room for what is in flight.
    private int highWatermark() {
        return (int) (bufferOutputSize * 0.8);
    }
}
