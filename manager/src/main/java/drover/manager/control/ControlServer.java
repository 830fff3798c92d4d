package drover.manager.control;

import drover.common.frame.ControlCodec;
import drover.common.frame.ControlMessage.BootError;
import drover.common.frame.ControlMessage.Command;
import drover.common.frame.ControlMessage.Counters;
import drover.common.frame.ControlMessage.Heartbeat;
import drover.common.frame.ControlMessage.Ready;
import drover.common.frame.ControlMessage.Recycle;
import drover.common.frame.ControlMessage.Reply;
import drover.common.frame.ControlMessage;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.metrics.AppMetricsDecoder;
import drover.manager.admin.AppMetricsBoard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The control socket (manager.sock, 0600 in a 0700 run dir, and the peer's uid checked). Children
 * keep a connection open for their whole life; control clients send one COMMAND and read a REPLY.
 * Each connection is read on its own virtual thread, which only tells the {@link ControlListener}.
 */
public final class ControlServer implements AutoCloseable {
    private static final int MAX_CONTROL_PAYLOAD = 1 << 20;

    private final ServerSocketChannel server;
    private final ControlListener listener;
    private final ControlClients clients;
    private final String ownUser = System.getProperty("user.name");
    private final AppMetricsBoard metrics;

    private ControlServer(ServerSocketChannel server, ControlListener listener, ControlClients clients,
                          AppMetricsBoard metrics) {
        this.server = server;
        this.listener = listener;
        this.clients = clients;
        this.metrics = metrics;
    }

    public static ControlServer open(Path socket, ControlListener listener) throws IOException {
        return open(socket, listener, new AppMetricsBoard());
    }

    /** With the board the children's METRICS frames go to (the admin listener reads it). */
    public static ControlServer open(Path socket, ControlListener listener, AppMetricsBoard metrics) throws IOException {
        return open(socket, listener, new ControlClients(ControlClients.MAX_OPEN, ControlClients.IDLE_TIMEOUT), metrics);
    }

    /** With the given bound and idle timeout for client connections (a test's are small). */
    public static ControlServer open(Path socket, ControlListener listener, ControlClients clients) throws IOException {
        return open(socket, listener, clients, new AppMetricsBoard());
    }

    private static ControlServer open(Path socket, ControlListener listener, ControlClients clients,
                                      AppMetricsBoard metrics) throws IOException {
        ControlServer control = new ControlServer(UnixSockets.listen(socket), listener, clients, metrics);
        Thread.ofPlatform().daemon().name("manager-control-accept").start(control::acceptLoop);
        clients.startReaper();
        return control;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                ControlConnection connection = new ControlConnection(channel);
                if (!clients.admit(connection)) {
                    connection.close(); // refused before any thread or buffer is spent on it
                    continue;
                }
                Thread.ofVirtual().name("manager-control").start(() -> serve(connection, channel));
            }
        } catch (ClosedChannelException e) {
            Log.debug("control socket closed");
        } catch (IOException e) {
            Log.error("control socket accept failed: " + e.getMessage());
        }
    }

    private void serve(ControlConnection connection, SocketChannel channel) {
        long[] childPid = {0}; // known once the child's HELLO is in
        Hello[] hello = {null};
        try {
            if (!peerIsOwner(channel)) {
                connection.close();
                return;
            }
            FrameReader reader = new FrameReader(MAX_CONTROL_PAYLOAD);
            while (reader.readFrom(channel, (header, payload) -> onFrame(connection, childPid, hello, header, payload)) >= 0) {
                // one virtual thread per connection: blocking reads are cheap here
            }
        } catch (IOException | FrameFormatException | RuntimeException e) {
            Log.debug("control connection ended: " + e.getMessage());
        } finally {
            connection.close();
            clients.forget(connection);
            if (childPid[0] != 0) {
                metrics.retire(childPid[0]); // after its last METRICS frame: its counts are final
                listener.childUnlinked(childPid[0]);
            }
        }
    }

    private boolean peerIsOwner(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().getName().equals(ownUser)) {
            Log.warnThrottled("control connection refused", "refused a control connection from user " + peer.user().getName()
                    + " (the manager runs as " + ownUser + ")");
            return false;
        }
        return true;
    }

    private void onFrame(ControlConnection connection, long[] childPid, Hello[] hello, FrameHeader header,
                         ByteBuffer payload) {
        if (header.type() == FrameType.METRICS) {
            onMetrics(hello[0], payload);
            return;
        }
        if (header.type() == FrameType.HELLO) {
            hello[0] = Hello.decode(payload);
            childPid[0] = hello[0].pid();
            clients.forget(connection); // a child's link: not a client, never idle-closed
            listener.childLinked(hello[0].pid(), connection);
            return;
        }
        ControlMessage message;
        try {
            message = ControlCodec.decode(header.type(), payload);
        } catch (FrameFormatException e) { // the link stays up: only this message is lost
            if (childPid[0] == 0) {
                connection.send(Reply.error(e.getMessage()));
            } else {
                Log.warn("child pid=" + childPid[0] + ": ignoring a " + e.getMessage());
            }
            return;
        }
        long pid = childPid[0];
        switch (message) {
            case Ready r -> listener.childReady(pid, r.detail());
            case BootError e -> listener.childBootFailed(pid, e.message());
            case Heartbeat h -> listener.childBeat(pid, h.requests());
            case Recycle r -> listener.childRecycleRequested(pid, r.reason());
            case Counters c -> listener.childStats(pid, c.values());
            case Command c when pid != 0 -> askedByChild(pid, c.name());
            case Command c -> {
                clients.busy(connection);
                answer(connection, c.name());
                clients.answered(connection);
            }
            default -> Log.warn("unexpected control message " + message + (pid == 0 ? "" : " from child pid=" + pid));
        }
    }

    private void onMetrics(Hello child, ByteBuffer payload) {
        if (child == null) {
            Log.warn("METRICS frame before HELLO on a control link; ignored");
            return;
        }
        try {
            metrics.update(child.role().label(), child.slot(), child.pid(), AppMetricsDecoder.decode(payload));
        } catch (IllegalArgumentException e) {
            Log.warnThrottled("malformed METRICS", child.describe() + ": " + e.getMessage());
        }
    }

    private void answer(ControlConnection connection, String text) {
        ControlCommand command;
        try {
            command = ControlCommand.parse(text);
        } catch (IllegalArgumentException e) {
            connection.send(Reply.error(e.getMessage()));
            return;
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        listener.controlRequested(command, reply);
        connection.send(reply.join());
    }

    /**
     * A worker's Server.reload() or shutdown(): the same events as reload.sh and stop.sh. The answer
     * goes to the log, not back on the link (a child reads no REPLY), and the child's reader never
     * waits for it, so its heartbeats keep flowing.
     */
    private void askedByChild(long pid, String text) {
        ControlCommand command;
        try {
            command = ControlCommand.parse(text);
        } catch (IllegalArgumentException e) {
            Log.warn("child pid=" + pid + ": " + e.getMessage());
            return;
        }
        if (command != ControlCommand.RELOAD && command != ControlCommand.STOP) {
            Log.warn("child pid=" + pid + " asked for '" + command.wireName() + "'; a child may ask only reload or stop");
            return;
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        reply.thenAccept(answer -> Log.info("child pid=" + pid + " asked to " + command.wireName() + ": " + answer.text()));
        listener.controlRequested(command, reply);
    }

    @Override
    public void close() throws IOException {
        clients.stopReaper();
        server.close();
    }
}
