package drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client connection of a load run, driven by its LoadThread. A connection that fails counts
 * the error and, while the run is still sending, opens again after a short pause, so a run under
 * a reload or a crash keeps its load and reports how much went wrong.
 */
final class LoadConnection {
    enum State { CONNECTING, OPEN, WAITING_TO_RECONNECT, CLOSED }

    static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Buffers read per readiness at most (1 MiB), so one busy connection does not starve the others. */
    static final int READS_PER_WAKEUP = 16;

    private final int id;
    private final InetSocketAddress address;
    private final LoadErrors errors;
    private final ReplyStats stats;
    private final BadReplyLog badReplyLog;
    private final long timeoutNanos;
    private final InFlight inFlight;
    private final RequestWriter writer;
    private final ReplyChecker checker;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CLOSED;
    private long reconnectAt;

    LoadConnection(int id, LoadRunContext run, ReplyStats stats) {
        this.id = id;
        this.address = run.plan().address();
        this.errors = run.errors();
        this.badReplyLog = run.badReplyLog();
        this.stats = stats;
        this.timeoutNanos = run.plan().timeout().toNanos();
        this.inFlight = new InFlight(run.plan().pipeline());
        this.writer = new RequestWriter(run.template());
        this.checker = new ReplyChecker(run.template());
    }

    State state() {
        return state;
    }

    void connect(Selector selector, long now) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            state = State.CONNECTING;
            if (connected) {
                state = State.OPEN;
                send(now, true);
            }
        } catch (IOException e) {
            fail(errors.connectFailures, now, true);
        }
    }

    /** Handles the selector's readiness for this connection. */
    void onReady(long now, boolean sending) {
        try {
            if (state == State.CONNECTING && key.isConnectable()) {
                channel.finishConnect();
                state = State.OPEN;
                send(now, sending);
                return;
            }
            if (key.isReadable() && !receive(now, sending)) {
                return;
            }
            if (key.isValid() && key.isWritable()) {
                send(now, sending);
            }
        } catch (IOException e) {
            fail(state == State.CONNECTING ? errors.connectFailures : errors.disconnects, now, sending);
        }
    }

    /**
     * Reads and checks until the socket is drained, up to {@link #READS_PER_WAKEUP} buffers, so a
     * megabyte reply costs one wakeup rather than one per buffer. Returns false when the connection
     * was closed.
     */
    private boolean receive(long now, boolean sending) throws IOException {
        for (int reads = 0; reads < READS_PER_WAKEUP; reads++) {
            int n = checker.readFrom(channel);
            if (n < 0) {
                fail(errors.disconnects, now, sending);
                return false;
            }
            String problem = checker.check(inFlight, stats, errors, now);
            if (problem != null) {
                badReplyLog.report(id, problem);
                fail(errors.badReplies, now, sending);
                return false;
            }
            if (!checker.lastReadFilledBuffer()) {
                break; // the socket had less than a buffer: drained, and one more read would find nothing
            }
        }
        send(now, sending);
        return true;
    }

    /** Writes what the pipeline allows; waits for OP_WRITE only while the socket is full. */
    void send(long now, boolean sending) throws IOException {
        while (true) {
            writer.fill(inFlight, sending, now);
            if (!writer.hasOutput()) {
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (!writer.flushTo(channel)) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    /** Called now and then: a reply overdue is an error; a pause before reconnecting may be over. */
    void checkDeadlines(Selector selector, long now, boolean sending) {
        if (state == State.OPEN && !inFlight.isEmpty() && now - inFlight.oldestSentAt() > timeoutNanos) {
            badReplyLog.report(id, "no reply to request " + inFlight.oldest() + " within the timeout");
            errors.timeouts.add(inFlight.count());
            fail(null, now, sending);
        } else if (state == State.WAITING_TO_RECONNECT && now - reconnectAt >= 0) {
            if (sending) {
                connect(selector, now);
            } else {
                state = State.CLOSED;
            }
        }
    }

    /** Nothing owed and nothing left to write: the run may end without losing a reply here. */
    boolean settled() {
        return state != State.OPEN || (inFlight.isEmpty() && writer.idle());
    }

    /** The run is over: replies still owed are counted as missing. */
    void finish() {
        if (state == State.OPEN || state == State.CONNECTING) {
            errors.timeouts.add(inFlight.count());
        }
        close();
        state = State.CLOSED;
    }

    private void fail(LongAdder kind, long now, boolean sending) {
        if (kind != null) {
            kind.increment();
        }
        close();
        inFlight.abandon();
        writer.reset();
        checker.reset();
        state = sending ? State.WAITING_TO_RECONNECT : State.CLOSED;
        reconnectAt = now + RECONNECT_PAUSE_NANOS;
    }

    private void close() {
        if (channel != null) {
            try {
                channel.close(); // also cancels the key
            } catch (IOException e) {
                badReplyLog.report(id, "closing failed: " + e.getMessage());
            }
            channel = null;
            key = null;
        }
    }
}
