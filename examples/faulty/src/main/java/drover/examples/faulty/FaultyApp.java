package drover.examples.faulty;

import drover.worker.api.ClientInfo;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An echo app (same framing as examples/echo) that misbehaves when a packet's body asks it to, so
 * the end-to-end tests can show what Drover does with a worker that hangs, prints or throws:
 * <ul>
 *   <li>{@code hang}: spins forever on the worker's loop thread (never replies);</li>
 *   <li>{@code print}: writes a line to System.out, then echoes;</li>
 *   <li>{@code throw}: throws from onReceive (never replies);</li>
 *   <li>{@code pid}: replies with the worker's pid as the body;</li>
 *   <li>{@code ip}: replies with the client's address as the server sees it (ClientInfo: the
 *       original client's behind a balancer on a /proxy listener);</li>
 *   <li>{@code tls}: replies with the session's TLS protocol, cipher suite and client subject
 *       (ClientInfo), or {@code plain}, then closes the connection;</li>
 *   <li>anything else: echoed whole, header included.</li>
 * </ul>
 * And a crash loop on demand: when the environment names a worker slot in FAULTY_CRASH_WORKER and
 * the file named by FAULTY_CRASH_WHILE exists, that slot's onWorkerStart throws.
 * Not an example to copy: a demonstration of failure handling.
 */
public final class FaultyApp implements DroverApp {
    private static final int HEADER = 4;

    @Override
    public void onWorkerStart(Server server, int workerId) {
        String slot = System.getenv("FAULTY_CRASH_WORKER");
        String marker = System.getenv("FAULTY_CRASH_WHILE");
        if (slot != null && marker != null && Integer.parseInt(slot) == workerId && Files.exists(Path.of(marker))) {
            throw new IllegalStateException("faulty app refuses to start worker#" + workerId + " while " + marker + " exists");
        }
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] packet) {
        String command = new String(packet, HEADER, packet.length - HEADER, StandardCharsets.US_ASCII);
        switch (command) {
            case "hang" -> spinForever();
            case "print" -> {
                System.out.println("faulty app printed this on worker#" + server.workerId());
                server.send(sessionId, packet);
            }
            case "throw" -> throw new IllegalStateException("faulty app threw, as asked");
            case "pid" -> server.send(sessionId, frame(Long.toString(ProcessHandle.current().pid())));
            case "ip" -> server.send(sessionId, frame(server.clientInfo(sessionId)
                    .map(ClientInfo::remoteAddress).orElse("unknown")));
            case "tls" -> {
                server.send(sessionId, frame(server.clientInfo(sessionId).flatMap(ClientInfo::tls)
                        .map(t -> t.protocol() + " " + t.cipherSuite() + " " + t.peerSubject().orElse("-"))
                        .orElse("plain")));
                server.close(sessionId); // after the reply: a client reading until the end (openssl s_client) ends
            }
            default -> server.send(sessionId, packet);
        }
    }

    private static byte[] frame(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        byte[] packet = new byte[HEADER + bytes.length];
        packet[0] = (byte) (bytes.length >>> 24);
        packet[1] = (byte) (bytes.length >>> 16);
        packet[2] = (byte) (bytes.length >>> 8);
        packet[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, packet, HEADER, bytes.length);
        return packet;
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void spinForever() {
        while (true) {
            Thread.onSpinWait();
        }
    }
}
