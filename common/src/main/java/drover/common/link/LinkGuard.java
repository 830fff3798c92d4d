package drover.common.link;

import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Who may link to a reactor's (or a task worker's) socket as a worker: only a worker JVM the manager
 * started for this server. The socket's file mode (0600 in a 0700 run_dir) keeps other users out;
 * this check keeps out any other process of the server's own user too, which could otherwise take a
 * worker slot and read client requests. The kernel's record of the peer (SO_PEERCRED) must name the
 * server's uid and the very pid the HELLO claims, that pid must be a child of this process's parent
 * (the manager spawns every child), and the HELLO must carry the secret the manager made at this
 * start (LinkSecret).
 */
public final class LinkGuard {
    private final String secret;
    private final long managerPid;
    private final int ownUid;
    private final LongFunction<Optional<Long>> parentOf;

    /**
     * @param secret     the link secret of this start, null when this process got none (every link is then refused)
     * @param managerPid the manager's pid: the parent every worker must have
     * @param parentOf   a pid's parent pid (empty when the process is gone)
     */
    LinkGuard(String secret, long managerPid, int ownUid, LongFunction<Optional<Long>> parentOf) {
        this.secret = secret;
        this.managerPid = managerPid;
        this.ownUid = ownUid;
        this.parentOf = parentOf;
    }

    /** The guard of a child the manager started: its secret from the environment, its parent as the manager. */
    public static LinkGuard forThisChild() {
        int uid;
        try {
            uid = PrivateDirs.ownUid();
        } catch (IOException e) {
            uid = -1; // refuses every peer, with the reason below
        }
        long manager = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        return new LinkGuard(LinkSecret.inherited(), manager, uid, LinkGuard::parentPid);
    }

    private static Optional<Long> parentPid(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
    }

    /** Why the peer on this channel may not link with this HELLO, or null when it may. */
    public String refusal(SocketChannel channel, Hello hello) {
        PeerCredentials peer;
        try {
            peer = PeerCredentials.of(channel);
        } catch (IOException e) {
            return e.getMessage();
        }
        return refusal(peer, hello);
    }

    /** As {@link #refusal(SocketChannel, Hello)}, for credentials already read. */
    String refusal(PeerCredentials peer, Hello hello) {
        if (ownUid < 0 || peer.uid() != ownUid) {
            return "pid " + peer.pid() + " runs as uid " + peer.uid() + ", not as the server's uid " + ownUid;
        }
        if (secret == null) {
            return "this process got no link secret from its manager (" + LinkSecret.ENV + " is not set)";
        }
        if (!LinkSecret.matches(secret, hello.secret())) {
            return "pid " + peer.pid() + " did not prove this server's link secret in its HELLO";
        }
        if (peer.pid() != hello.pid()) {
            return "pid " + peer.pid() + " claims in its HELLO to be pid " + hello.pid();
        }
        Optional<Long> parent = parentOf.apply(peer.pid());
        if (parent.isEmpty() || parent.get() != managerPid) {
            return "pid " + peer.pid() + " is not a process the manager (pid " + managerPid + ") started"
                    + parent.map(p -> ": its parent is pid " + p).orElse("");
        }
        return null;
    }
}
