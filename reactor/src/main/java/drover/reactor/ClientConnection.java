package drover.reactor;

import drover.common.session.SessionId;
import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.PacketFramer;
import drover.reactor.protocol.PacketSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One client socket, owned by one reactor thread for its whole life. */
final class ClientConnection implements IoHandler {
    private static final int INITIAL_INPUT = 16 * 1024;

    private final long sessionId;
    private final SocketChannel channel;
    private final int workerSlot;
    private final String remoteAddress;
    private final PacketFramer framer;
    private final ReactorThread thread;
    private final OutputBuffer output = new OutputBuffer();
    private ByteBuffer input = ByteBuffer.allocate(INITIAL_INPUT);
    private SelectionKey key;
    private ConnectionState state = ConnectionState.OPEN;
    private boolean readingPaused;

    ClientConnection(long sessionId, SocketChannel channel, int workerSlot, String remoteAddress,
                     PacketFramer framer, ReactorThread thread) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.workerSlot = workerSlot;
        this.remoteAddress = remoteAddress;
        this.framer = framer;
        this.thread = thread;
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    long sessionId() {
        return sessionId;
    }

    int workerSlot() {
        return workerSlot;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    boolean isOpen() {
        return state != ConnectionState.CLOSED;
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        if (key.isValid() && key.isWritable()) {
            flush();
        }
        if (key.isValid() && key.isReadable() && state == ConnectionState.OPEN) {
            read();
        }
    }

    @Override
    public void onFailure(IOException error) {
        thread.closeConnection(this, CloseReason.of(error));
    }

    private void read() throws IOException {
        if (thread.linkIsFull(workerSlot)) {
            pauseReading();
            return;
        }
        int n = channel.read(input);
        if (n < 0) {
            thread.closeConnection(this, CloseReason.PEER_CLOSED);
            return;
        }
        if (n == 0) {
            return;
        }
        thread.counters().bytesIn += n;
        input.flip();
        int nextPacketSize;
        try {
            PacketSink sink = packet -> thread.dispatchPacket(this, packet);
            nextPacketSize = framer.frame(input, sink);
        } catch (PacketFormatException e) {
            thread.rejectPacket(this, e.getMessage());
            return;
        }
        input.compact();
        if (nextPacketSize > input.capacity()) {
            growInput(nextPacketSize);
        } else if (!input.hasRemaining()) {
            growInput(input.capacity() * 2); // raw framing with a full buffer, or an unknown size yet
        }
    }

    private void growInput(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        input.flip();
        bigger.put(input);
        input = bigger;
    }

    /** Queues bytes from a worker and writes what the socket takes now. */
    void send(ByteBuffer data) throws IOException {
        thread.counters().bytesOut += data.remaining();
        output.append(data);
        flush();
    }

    /** Closes after the output drains (a worker's close), or now when nothing is pending. */
    void closeAfterFlush() throws IOException {
        if (state != ConnectionState.OPEN) {
            return;
        }
        moveTo(ConnectionState.CLOSING);
        flush();
    }

    private void flush() throws IOException {
        boolean drained = output.flushTo(channel);
        if (drained && state == ConnectionState.CLOSING) {
            thread.closeConnection(this, CloseReason.SERVER_CLOSED);
            return;
        }
        updateInterest(drained);
    }

    void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            thread.onReadingPaused(this);
            updateInterest(output.pending() == 0);
        }
    }

    void resumeReading() {
        if (readingPaused && state == ConnectionState.OPEN && !thread.isDraining()) {
            readingPaused = false;
            updateInterest(output.pending() == 0);
        }
    }

    private void updateInterest(boolean drained) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = (readingPaused || state != ConnectionState.OPEN) ? 0 : SelectionKey.OP_READ;
        if (!drained) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Releases the socket; the caller tells the worker. Returns false when it was already closed. */
    boolean release() {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        moveTo(ConnectionState.CLOSED);
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to save, the session ends either way
            thread.counters().closeErrors++;
        }
        return true;
    }

    private void moveTo(ConnectionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("session " + SessionId.format(sessionId) + ": " + state + " -> " + next);
        }
        state = next;
    }
}
