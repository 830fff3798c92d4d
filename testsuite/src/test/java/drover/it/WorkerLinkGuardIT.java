package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A local process that is not a worker the manager started connects to a reactor's worker socket,
 * says HELLO as worker#0 (without the link secret, with a wrong one, and with the right one read
 * from a worker's environment) and READY: the reactor refuses it and closes the link, and the real
 * workers keep every slot and serve. Before, such a process took the slot and got its clients'
 * requests.
 */
@Timeout(300)
class WorkerLinkGuardIT {
    private static final int HELLO = 14;
    private static final int READY = 15;

    /** Connects, sends HELLO and READY as worker SLOT, then says whether the reactor closed the link within 10 s. */
    private static final String PYTHON_ROGUE = """
            import os, socket, struct, sys
            def frame(kind, payload, slot):
                return struct.pack(">HBBHHIQI", 0xD50E, 1, kind, 0, 0, len(payload), 0, slot) + payload
            path, slot = sys.argv[1], int(sys.argv[2])
            secret = os.environ.get("ROGUE_SECRET", "")
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            hello = ("worker %d %d" % (slot, os.getpid()) + (" " + secret if secret else "")).encode()
            s.sendall(frame(14, hello, slot) + frame(15, b"", slot))
            s.settimeout(10)
            try:
                while True:
                    data = s.recv(65536)
                    if not data:
                        print("closed"); break
            except socket.timeout:
                print("kept open")
            except ConnectionResetError:
                print("closed")
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void processesTheManagerDidNotStartCannotTakeAWorkerSlot() throws Exception {
        Status before = cluster.start();
        Path script = cluster.home().resolve("rogue.py");
        Files.writeString(script, PYTHON_ROGUE);
        Path socket = cluster.runDir().resolve("reactor-0-0.sock");
        assertEquals("closed", runRogue(script, socket, ""), "a python3 rogue without a secret");
        assertEquals("closed", runRogue(script, socket, "0123456789abcdef"), "a python3 rogue with a wrong secret");
        String secret = secretOf(before.workerPid(0));
        assertEquals(64, secret.length(), "the workers got a 32-byte secret in their environment");
        assertFalse(Files.readString(Path.of("/proc/" + before.workerPid(0) + "/cmdline")).contains(secret),
                "the secret is not on a command line");
        assertEquals("closed", runRogue(script, socket, secret), "a python3 rogue with the right secret, not the manager's child");
        assertTrue(javaRogueIsClosed(socket, secret), "the test JVM itself, with the right secret");

        String log = cluster.awaitLog(l -> l.split("refused a worker link", -1).length > 4, "four refusals logged");
        assertTrue(log.contains("did not prove this server's link secret"), log);
        assertTrue(log.contains("is not a process the manager"), log);

        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(new EchoClient(cluster.port()));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).echo(("served by a real worker " + i).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            for (EchoClient client : clients) {
                client.close();
            }
        }
        Status after = cluster.status();
        for (int i = 0; i < 2; i++) {
            assertEquals(before.workerPid(i), after.workerPid(i), "worker#" + i + " kept its slot");
            assertTrue(after.isReady(i), after.toString());
        }
    }

    private static String secretOf(long pid) throws IOException {
        for (String entry : Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
            if (entry.startsWith("DROVER_LINK_SECRET=")) {
                return entry.substring("DROVER_LINK_SECRET=".length());
            }
        }
        throw new AssertionError("worker pid " + pid + " has no DROVER_LINK_SECRET in its environment");
    }

    private String runRogue(Path script, Path socket, String secret) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), socket.toString(), "0")
                .redirectErrorStream(true);
        builder.environment().put("ROGUE_SECRET", secret);
        Process rogue = builder.start();
        try {
            assertTrue(rogue.waitFor(Deadline.scaled(Duration.ofSeconds(30)).toSeconds(), TimeUnit.SECONDS), "the rogue ended");
            return new String(rogue.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            rogue.destroyForcibly();
        }
    }

    /** The same from a plain Java socket client, this JVM's pid in the HELLO: true when the reactor closes the link. */
    private static boolean javaRogueIsClosed(Path socket, String secret) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] hello = ("worker 0 " + ProcessHandle.current().pid() + " " + secret).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(48 + hello.length);
            header(out, HELLO, hello.length).put(hello);
            header(out, READY, 0);
            channel.write(out.flip());
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long deadline = Deadline.nanosFromNow(Duration.ofSeconds(10));
                ByteBuffer in = ByteBuffer.allocate(4096);
                while (System.nanoTime() < deadline) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    selector.selectedKeys().clear();
                    try {
                        if (channel.read(in.clear()) < 0) {
                            return true;
                        }
                    } catch (IOException e) {
                        return true; // reset
                    }
                }
                return false;
            }
        }
    }

    private static ByteBuffer header(ByteBuffer out, int type, int length) {
        return out.putShort((short) 0xD50E).put((byte) 1).put((byte) type).putShort((short) 0).putShort((short) 0)
                .putInt(length).putLong(0).putInt(0);
    }
}
