package drover.common.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkGuardTest {
    private static final String SECRET = LinkSecret.generate();
    private static final long MANAGER = 4100;
    private static final long WORKER = 4133;
    private static final int UID = 1000;

    @TempDir
    Path dir;

    /** A guard whose manager is pid 4100, which started pid 4133 only. */
    private static LinkGuard guard(String secret) {
        return new LinkGuard(secret, MANAGER, UID, pid -> pid == WORKER ? Optional.of(MANAGER) : Optional.of(1L));
    }

    private static Hello hello(long pid, String secret) {
        return new Hello(ProcessRole.WORKER, 0, pid, secret);
    }

    @Test
    void theManagersWorkerWithTheSecretMayLink() {
        assertNull(guard(SECRET).refusal(new PeerCredentials(WORKER, UID, UID), hello(WORKER, SECRET)));
    }

    @Test
    void aProcessOfAnotherUserIsRefused() {
        String why = guard(SECRET).refusal(new PeerCredentials(WORKER, 65534, 65534), hello(WORKER, SECRET));
        assertTrue(why.contains("uid 65534"), why);
    }

    @Test
    void aHelloWithoutTheSecretOrWithAnotherIsRefused() {
        assertTrue(guard(SECRET).refusal(new PeerCredentials(WORKER, UID, UID), hello(WORKER, null)).contains("secret"));
        String why = guard(SECRET).refusal(new PeerCredentials(WORKER, UID, UID), hello(WORKER, LinkSecret.generate()));
        assertTrue(why.contains("did not prove this server's link secret"), why);
    }

    @Test
    void aProcessTheManagerDidNotStartIsRefusedEvenWithTheSecret() {
        String why = guard(SECRET).refusal(new PeerCredentials(5000, UID, UID), hello(5000, SECRET));
        assertTrue(why.contains("not a process the manager (pid 4100) started"), why);
    }

    @Test
    void aHelloThatClaimsAnotherPidIsRefused() {
        String why = guard(SECRET).refusal(new PeerCredentials(5000, UID, UID), hello(WORKER, SECRET));
        assertTrue(why.contains("claims in its HELLO to be pid 4133"), why);
    }

    @Test
    void withoutASecretOfItsOwnTheGuardRefusesEveryone() {
        String why = guard(null).refusal(new PeerCredentials(WORKER, UID, UID), hello(WORKER, SECRET));
        assertTrue(why.contains(LinkSecret.ENV), why);
    }

    /** The kernel's record of a real peer: this very process, connected to itself. */
    @Test
    void peerCredentialsNameTheConnectingProcess() throws IOException {
        Path socket = dir.resolve("peer.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             SocketChannel accepted = server.accept()) {
            PeerCredentials peer = PeerCredentials.of(accepted);
            assertEquals(ProcessHandle.current().pid(), peer.pid());
            assertEquals(PrivateDirs.ownUid(), peer.uid());
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            LinkGuard guard = new LinkGuard(SECRET, parent, PrivateDirs.ownUid(),
                    pid -> ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid));
            assertNull(guard.refusal(accepted, hello(ProcessHandle.current().pid(), SECRET)), "a sibling of this JVM's");
            assertTrue(guard.refusal(accepted, hello(ProcessHandle.current().pid(), "x")).contains("secret"));
        }
    }

    @Test
    void theSecretTravelsInTheHelloButNeverInItsDescription() {
        Hello hello = hello(WORKER, SECRET);
        Hello decoded = Hello.decode(ByteBuffer.wrap(hello.encode()));
        assertEquals(hello, decoded);
        assertTrue(!decoded.toString().contains(SECRET) && !decoded.describe().contains(SECRET), decoded.toString());
        Hello control = Hello.decode(ByteBuffer.wrap(new Hello(ProcessRole.REACTOR, 0, 7).encode()));
        assertNull(control.secret(), "a control link's HELLO has none");
    }
}
