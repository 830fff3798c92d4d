package drover.worker.http;

import drover.common.http.ResponseSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one connection's responses in request order (HTTP/1.1 pipelining, RFC 9112 §9.3.2): each
 * request takes a slot; a slot's bytes go out only once every earlier slot has finished, and are
 * held in memory until then. A slot that finishes with close closes the connection and drops the
 * slots after it. Thread-safe: responses may end on any thread.
 */
final class ResponsePipeline {
    /** Where the bytes of one session go. */
    interface Connection {
        void send(byte[] bytes);

        /**
         * The oldest response is whole: the reactor counts it off (FrameType.RESPONSE_END).
         *
         * @param summary its {@link ResponseSummary} when summaries are wanted, else null
         */
        void responseEnded(byte[] summary);

        void close();
    }

    private final Connection connection;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private boolean closed;

    private final boolean summaries;

    ResponsePipeline(Connection connection) {
        this(false, connection);
    }

    /** @param summaries measure each response (status, bytes) for the access log */
    ResponsePipeline(boolean summaries, Connection connection) {
        this.summaries = summaries;
        this.connection = connection;
    }

    synchronized Slot open() {
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** The connection is gone: whatever is still held or sent later is dropped. */
    synchronized void discard() {
        closed = true;
        slots.clear();
    }

    private void drain() {
        while (!closed && !slots.isEmpty()) {
            Slot head = slots.peekFirst();
            for (byte[] bytes : head.held) {
                head.sent(bytes);
                connection.send(bytes);
            }
            head.held.clear();
            if (!head.finished) {
                return;
            }
            slots.pollFirst();
            connection.responseEnded(summaries ? ResponseSummary.encode(head.status, head.bytes, head.requestLine) : null);
            if (head.closeAfter) {
                closed = true;
                slots.clear();
                connection.close();
            }
        }
    }

    /** One response's place in the order. */
    final class Slot implements ResponseOutput {
        private final List<byte[]> held = new ArrayList<>(0);
        private boolean finished;
        private boolean closeAfter;
        // http_access_log only: what the reactor's access log line says of this response
        private String requestLine = "-";
        private int status;
        private long bytes;

        void requestLine(String line) {
            requestLine = line;
        }

        private void sent(byte[] data) {
            if (summaries) {
                if (status == 0) {
                    status = ResponseSummary.statusOf(data);
                }
                bytes += data.length;
            }
        }

        @Override
        public void send(byte[] bytes) {
            synchronized (ResponsePipeline.this) {
                if (closed || finished) {
                    return;
                }
                if (slots.peekFirst() == this) {
                    sent(bytes);
                    connection.send(bytes);
                } else {
                    held.add(bytes);
                }
            }
        }

        @Override
        public void finish(boolean close) {
            synchronized (ResponsePipeline.this) {
                if (finished) {
                    return;
                }
                finished = true;
                closeAfter = close;
                drain();
            }
        }
    }
}
