package drover.reactor;

import drover.reactor.protocol.PacketFormatException;
import drover.reactor.protocol.ProtocolStack;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The input side of one client connection: its buffer, the gate that says when it is read (a full
 * worker link, the app's pause, a layer's back-pressure), its selection key's interest, and the
 * framing of what was read by the protocol stack. Owned by the connection's reactor thread.
 */
final class ClientReads {
    private final ClientConnection connection;
    private final SocketChannel channel;
    private final ProtocolStack stack;
    private final ConnectionHost host;
    private final ReactorCounters counters;
    /** Goes back to the pool (or the ring) when the connection is released. */
    private final ClientInput input;
    private final ReadGate gate = new ReadGate();
    private SelectionKey key;
    /** A read is framing packets: a close meanwhile leaves the input buffer to be given back after it. */
    private boolean reading;
    /** The link whose line this connection stands in, until its turn to read comes. */
    private WorkerLink waitingFor;
    private long lastReceiveNanos = System.nanoTime();

    ClientReads(ClientConnection connection, SocketChannel channel, ProtocolStack stack, ConnectionHost host,
                ConnectionResources shared) {
        this.connection = connection;
        this.channel = channel;
        this.stack = stack;
        this.host = host;
        this.counters = shared.counters();
        this.input = new ClientInput(shared.buffers(), shared.counters());
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    void read(boolean inTurn) throws IOException {
        if (gate.layerHeld) {
            return; // the layer's back-pressure: the messages already read wait first
        }
        WorkerLink full = host.blockingLink(connection, inTurn);
        if (full != null) {
            pauseReading(full);
            return;
        }
        reading = true;
        try {
            readAndFrame();
        } finally {
            reading = false;
            if (connection.isClosed()) {
                input.release();
            }
        }
    }

    private void readAndFrame() throws IOException {
        int n = input.readFrom(channel);
        if (n < 0) {
            stack.inputEnded();
            return;
        }
        if (n == 0) {
            return;
        }
        lastReceiveNanos = System.nanoTime();
        counters.bytesIn += n;
        int nextPacketSize = frameInput();
        if (nextPacketSize >= 0 && !connection.isClosed()) {
            input.makeRoom(nextPacketSize, input.outgrownBy(nextPacketSize) ? host.linkForWholePacket(connection) : null);
        }
    }

    /** Offers the bytes read to the stack; the next message's size when known, -1 when refused. */
    private int frameInput() {
        int next;
        try {
            next = stack.input(input.unread());
        } catch (PacketFormatException e) {
            input.compact();
            connection.reject(e.getMessage());
            return -1;
        }
        input.compact();
        return next;
    }

    /** A layer holds the input until there is room, or lets it go: the messages already read go first. */
    void holdInput(boolean held) {
        if (held == gate.layerHeld) {
            return;
        }
        gate.layerHeld = held;
        if (!held && connection.isOpen() && !input.isReleased()) {
            // the stack may hold again meanwhile
            boolean withinRead = reading;
            reading = true;
            try {
                frameInput();
            } finally {
                reading = withinRead;
                if (!withinRead && connection.isClosed()) {
                    input.release();
                }
            }
        }
        updateInterest();
    }

    /** A layer is done with the input: nothing more is read. */
    void finishInput() {
        if (!gate.inputDone) {
            gate.inputDone = true;
            updateInterest();
        }
    }

    /** Stops reading until the link drains (null: server drain, reading never resumes). */
    void pauseReading(WorkerLink until) {
        if (!gate.linkPaused) {
            gate.linkPaused = true;
            if (until != null) {
                until.pause(connection);
                waitingFor = until;
            }
            updateInterest();
        }
    }

    /** Its link has room again and its turn has come: reads now rather than whenever the selector gets to it. */
    void readAfterResume() throws IOException {
        if (waitingFor != null) {
            waitingFor.turnTaken();
            waitingFor = null;
        }
        if (gate.linkPaused && connection.isOpen() && !host.isDraining()) {
            gate.linkPaused = false;
            updateInterest();
        }
        if (gate.open() && connection.isOpen()) {
            read(true);
        }
    }

    /** Server.pause: read nothing more until the app resumes; the client's bytes wait in the kernel. */
    void pauseByApp() {
        gate.appPaused = true;
        updateInterest();
    }

    void resumeByApp() {
        gate.appPaused = false;
        updateInterest();
    }

    /** The selector interest: read while nothing holds the input, write while the socket has bytes to take. */
    void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = gate.interestOps(connection.isOpen(), connection.socketDrained());
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** The connection is closed: the buffer goes back (after the read under way, if any) and the key away. */
    void release() {
        if (!reading) {
            input.release(); // else read() does, once the stack is done with it
        }
        if (key != null) {
            key.cancel();
        }
    }
}
