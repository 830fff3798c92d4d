package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.ProbeApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** buffer_output_size, close with and without reset, and a client that floods and never reads. */
@Timeout(300)
class OutputBufferIT {
    private static final int OUTPUT_LIMIT = 256 * 1024;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("buffer_output_size=256K");

    @TempDir
    Path temp;

    @Test
    void closeFlushesWhatWasSentFirstAndResetDoesNot() throws Exception {
        cluster.start(TestAppJar.build(ProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(concat(EchoClient.packet("big 200000".getBytes()), EchoClient.packet("close".getBytes())));
            byte[] got = client.input().readAllBytes(); // up to a clean EOF
            assertArrayEquals(new byte[200_000], got, "every byte sent before the close, then EOF");
        }
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(concat(EchoClient.packet("big 200000".getBytes()), EchoClient.packet("reset".getBytes())));
            // SO_LINGER 0 never sends a FIN: whatever bytes arrive, the stream ends with a reset
            assertThrows(SocketException.class, () -> client.input().readAllBytes());
        }
    }

    @Test
    void sendBeyondTheOutputLimitFailsAndTheAppIsTold() throws Exception {
        cluster.start(TestAppJar.build(ProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            String session = session(client.request("hi"));
            client.sendRaw(EchoClient.packet(("big " + (OUTPUT_LIMIT + 1)).getBytes()));
            cluster.awaitLog(log -> log.contains("probe onSendFailed S" + session + " output buffer full"),
                    "onSendFailed for S" + session);
            // the refused send wrote nothing: the next reply is the very next thing on the stream
            assertTrue(client.request("hi").startsWith("W"), "the session still works");
        }
    }

    @Test
    void clientThatFloodsAndNeverReadsCannotGrowTheReactorsBuffersAndOthersAreServed() throws Exception {
        cluster.start(TestAppJar.build(ProbeApp.class, temp));
        long floodBytes = 64L * 1024 * 1024;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Socket flood = new Socket("127.0.0.1", cluster.port()); EchoClient good = new EchoClient(cluster.port())) {
            Future<Long> flooding = pool.submit(() -> flood(flood.getOutputStream(), floodBytes));
            int served = 0;
            while (!flooding.isDone()) {
                good.echo(("while flooding " + served).getBytes());
                served++;
            }
            assertEquals(floodBytes, flooding.get(), "the reactor kept reading (echoes it cannot write are refused)");
            good.echo("after the flood".getBytes());
            assertTrue(served > 0, "the other client was served during the flood");
        } finally {
            pool.shutdownNow();
        }
        cluster.stop();
        String log = cluster.log();
        assertTrue(log.contains("probe onSendFailed"), "the app heard of the refused echoes");
        Matcher peaks = Pattern.compile("output_peak=(\\d+) link_peak=(\\d+)").matcher(log);
        int threads = 0;
        while (peaks.find()) {
            threads++;
            assertTrue(Long.parseLong(peaks.group(1)) <= OUTPUT_LIMIT, "output_peak " + peaks.group(1));
            // the high watermark plus at most one read's packets (the read buffer holds a few 64 KiB packets)
            assertTrue(Long.parseLong(peaks.group(2)) <= 9L * 1024 * 1024, "link_peak " + peaks.group(2));
        }
        assertEquals(2, threads, "each reactor thread logs its counters at stop:\n" + log);
    }

    /** Writes 64 KiB echo packets until total bytes are out; never reads. */
    private static long flood(OutputStream out, long total) throws IOException {
        byte[] packet = EchoClient.packet(new byte[64 * 1024 - 4]);
        long sent = 0;
        while (sent < total) {
            out.write(packet);
            sent += packet.length;
        }
        out.flush();
        return sent;
    }

    private static String session(String hiReply) {
        Matcher m = Pattern.compile("W\\d+ S(\\d+) .*").matcher(hiReply);
        assertTrue(m.matches(), hiReply);
        return m.group(1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
