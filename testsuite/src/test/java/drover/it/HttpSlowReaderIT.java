package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP back-pressure (docs/HTTP.md): clients that read slowly get every response whole and in
 * order, whatever the responses' size against buffer_output_size (2 MiB here, the default); only a
 * response that cannot be queued at all ends the connection, with a reset and the app told.
 * The faulty app's HTTP side answers; the clients are python3 over raw sockets.
 */
@Timeout(240)
class HttpSlowReaderIT {
    private static final Duration CLIENT_RUN = Duration.ofSeconds(90);

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2)
            .set("open_http_protocol=true").set("open_length_check=false");

    private CommandResult python(String... args) throws Exception {
        try (PythonClient client = new PythonClient(cluster.home(), args)) {
            return client.finish(CLIENT_RUN);
        }
    }

    @Test
    void twelvePipelinedLargePostsToASlowReaderComeBackWholeAndInOrder() throws Exception {
        cluster.start(DroverCluster.FAULTY_JAR);
        // 12 x 512 KiB = 6 MiB of responses, three times buffer_output_size
        assertTwelvePipelinedPostsComeBackWholeAndInOrder();
    }

    /**
     * The same with buffer_output_size=512K: the kernel's own send buffer (up to 4 MiB with Linux's
     * default tcp_wmem) takes part of what a slow reader has not read, so a smaller limit makes sure
     * the reactor's is reached many times over whatever the machine's settings.
     */
    @Test
    void twelvePipelinedLargePostsComeBackWholeAndInOrderUnderASmallOutputLimit() throws Exception {
        cluster.set("buffer_output_size=512K").start(DroverCluster.FAULTY_JAR);
        assertTwelvePipelinedPostsComeBackWholeAndInOrder();
    }

    /** 12 pipelined POSTs of 512 KiB to /echo from a client that reads slowly; no send refused. */
    private void assertTwelvePipelinedPostsComeBackWholeAndInOrder() throws Exception {
        CommandResult result = python("pipeline", Integer.toString(cluster.port()), "12", Integer.toString(512 * 1024));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("OK 12 responses whole and in order"), result.output());
        Status after = cluster.awaitStatus(s -> s.reactorCounter("packets") >= 12, "the counters of the 12 requests");
        assertEquals(0, after.reactorCounter("overflows"), "no send was refused");
    }

    @Test
    void aStreamedResponseLargerThanTheOutputLimitReachesASlowReaderWhole() throws Exception {
        cluster.start(DroverCluster.FAULTY_JAR);
        // 32 parts of 256 KiB: 8 MiB, chunked, four times buffer_output_size; none may go missing from the middle
        CommandResult result = python("get", Integer.toString(cluster.port()), "/stream?chunks=32&size=262144",
                "stream", "32", "262144");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("OK 8388608 bytes whole (chunked)"), result.output());
    }

    @Test
    void aWholeResponseLargerThanTheOutputLimitReachesASlowReaderWhole() throws Exception {
        cluster.start(DroverCluster.FAULTY_JAR);
        CommandResult result = python("get", Integer.toString(cluster.port()), "/big?size=3145728", "big", "3145728");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("OK 3145728 bytes whole (content-length)"), result.output());
    }

    @Test
    void aResponseThatCannotBeQueuedResetsTheConnectionAndTheAppIsTold() throws Exception {
        cluster.start(DroverCluster.FAULTY_JAR);
        // 40 MiB streamed to a client that reads nothing: past buffer_output_size + the largest message
        try (Socket socket = new Socket("127.0.0.1", cluster.port())) {
            socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(30)).toMillis());
            socket.getOutputStream().write("GET /stream?chunks=160&size=262144 HTTP/1.1\r\nHost: t\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            cluster.awaitLog("a response could not be sent (output buffer full");
            cluster.awaitLog("the response cannot be queued, resetting the connection");
            long whole = 160L * (262144 + 10) + 5; // the body as chunks, roughly: never all of it
            assertThrows(IOException.class, () -> readAll(socket.getInputStream(), whole),
                    "the connection ends with a reset, not with what could pass for a whole response");
        }
        // the manager asks the reactor for its counters once a second
        cluster.awaitStatus(s -> s.reactorCounter("overflows") >= 1, "the refused send counted in overflows");
    }

    /** Reads until EOF; fails when more than limit bytes come (they cannot, the body was cut). */
    private static void readAll(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
        }
        throw new AssertionError("EOF after " + total + " bytes, of about " + limit + ": a clean close, not a reset");
    }
}
