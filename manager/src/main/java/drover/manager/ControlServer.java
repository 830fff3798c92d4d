package drover.manager;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.metrics.AppMetricsDecoder;
import drover.manager.SupervisorEvent.ChildBeat;
import drover.manager.admin.AppMetricsBoard;
import drover.manager.SupervisorEvent.ChildBootFailed;
import drover.manager.SupervisorEvent.ChildLinked;
import drover.manager.SupervisorEvent.ChildUnlinked;
import drover.manager.SupervisorEvent.ChildReady;
import drover.manager.SupervisorEvent.ChildRecycleRequested;
import drover.manager.SupervisorEvent.ChildStats;
import drover.manager.SupervisorEvent.ControlRequested;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The control socket (manager.sock, 0600 in a 0700 run dir, and the peer's uid checked). Children
 * keep a connection open for their whole life; control clients send one COMMAND and read a REPLY.
 * Each connection is read on its own virtual thread, which only posts events.
 */
final class ControlServer implements AutoCloseable {
    private static final int MAX_CONTROL_PAYLOAD = 1 << 20;

    private final ServerSocketChannel server;
    private final Consumer<SupervisorEvent> post;
    private final ControlClients clients;
    private final String ownUser = System.getProperty("user.name");
    private final AppMetricsBoard metrics;

    private ControlServer(ServerSocketChannel server, Consumer<SupervisorEvent> post, ControlClients clients,
                          AppMetricsBoard metrics) {
        this.server = server;
        this.post = post;
        this.clients = clients;
        this.metrics = metrics;
    }

    static ControlServer open(Path socket, Consumer<SupervisorEvent> post) throws IOException {
        return open(socket, post, new AppMetricsBoard());
    }

    /** With the board the children's METRICS frames go to (the admin listener reads it). */
    static ControlServer open(Path socket, Consumer<SupervisorEvent> post, AppMetricsBoard metrics) throws IOException {
        return open(socket, post, new ControlClients(ControlClients.MAX_OPEN, ControlClients.IDLE_TIMEOUT), metrics);
    }

    /** With the given bound and idle timeout for client connections (a test's are small). */
    static ControlServer open(Path socket, Consumer<SupervisorEvent> post, ControlClients clients) throws IOException {
        return open(socket, post, clients, new AppMetricsBoard());
    }

    private static ControlServer open(Path socket, Consumer<SupervisorEvent> post, ControlClients clients,
                                      AppMetricsBoard metrics) throws IOException {
        ControlServer control = new ControlServer(UnixSockets.listen(socket), post, clients, metrics);
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
                post.accept(new ChildUnlinked(childPid[0]));
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
        String text = StandardCharsets.UTF_8.decode(payload).toString();
        switch (header.type()) {
            case HELLO -> {
                hello[0] = Hello.decode(StandardCharsets.UTF_8.encode(text));
                childPid[0] = hello[0].pid();
                clients.forget(connection); // a child's link: not a client, never idle-closed
                post.accept(new ChildLinked(hello[0].pid(), connection));
            }
            case READY -> post.accept(new ChildReady(childPid[0], text));
            case BOOT_ERROR -> post.accept(new ChildBootFailed(childPid[0], text));
            case HEARTBEAT -> post.accept(new ChildBeat(childPid[0], requestsIn(text)));
            case RECYCLE -> post.accept(new ChildRecycleRequested(childPid[0], text));
            case STATS -> post.accept(new ChildStats(childPid[0], text.trim()));
            case COMMAND -> {
                if (childPid[0] != 0) {
                    askedByChild(childPid[0], text);
                } else {
                    clients.busy(connection);
                    answer(connection, text);
                    clients.answered(connection);
                }
            }
            default -> Log.warn("unexpected control frame " + header.type());
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

    // "requests=N"; anything else counts as a beat without news
    private static long requestsIn(String heartbeat) {
        if (heartbeat.startsWith("requests=")) {
            try {
                return Long.parseLong(heartbeat.substring("requests=".length()).trim());
            } catch (NumberFormatException e) {
                Log.warn("malformed heartbeat '" + heartbeat + "'");
            }
        }
        return -1;
    }

    private void answer(ControlConnection connection, String text) {
        ControlCommand command;
        try {
            command = ControlCommand.parse(text);
        } catch (IllegalArgumentException e) {
            connection.send(FrameType.REPLY, "error: " + e.getMessage());
            return;
        }
        CompletableFuture<String> reply = new CompletableFuture<>();
        post.accept(new ControlRequested(command, reply));
        connection.send(FrameType.REPLY, reply.join());
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
        CompletableFuture<String> reply = new CompletableFuture<>();
        reply.thenAccept(answer -> Log.info("child pid=" + pid + " asked to " + command.wireName() + ": " + answer));
        post.accept(new ControlRequested(command, reply));
    }

    @Override
    public void close() throws IOException {
        clients.stopReaper();
        server.close();
    }
}
