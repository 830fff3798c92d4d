package drover.manager.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import drover.common.frame.ControlMessage.Reply;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.Hello;
import drover.common.link.ProcessRole;
import drover.common.link.UnixSockets;
import drover.common.metrics.AppMetricsEncoder;
import drover.common.metrics.MetricFamily;
import drover.common.metrics.MetricSeries;
import drover.common.metrics.MetricType;
import drover.common.metrics.MetricsReport;
import drover.common.metrics.ProcessVitals;
import drover.manager.admin.AppMetricsBoard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's client connections are bounded and time out when idle; children's links do neither. */
@Timeout(30)
class ControlServerTest {
    @TempDir
    Path dir;

    /** What the server told its listener about children: "linked 4711", "unlinked 4711". */
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private Path socket() {
        return dir.resolve("manager.sock");
    }

    private ControlServer open(int maxOpen, Duration idleTimeout) throws IOException {
        return ControlServer.open(socket(), new Recorder(), new ControlClients(maxOpen, idleTimeout));
    }

    /** Answers every command "ok answered" and notes what it hears of children. */
    private final class Recorder implements ControlListener {
        @Override
        public void childLinked(long pid, ControlConnection connection) {
            events.add("linked " + pid);
        }

        @Override
        public void childUnlinked(long pid) {
            events.add("unlinked " + pid);
        }

        @Override
        public void childReady(long pid, String detail) {
            events.add("ready " + pid);
        }

        @Override
        public void childBootFailed(long pid, String message) {
            events.add("boot failed " + pid);
        }

        @Override
        public void childBeat(long pid, long requests) {
            events.add("beat " + pid + " " + requests);
        }

        @Override
        public void childRecycleRequested(long pid, String reason) {
            events.add("recycle " + pid);
        }

        @Override
        public void childStats(long pid, Map<String, Long> counters) {
            events.add("stats " + pid);
        }

        @Override
        public void controlRequested(ControlCommand command, CompletableFuture<Reply> reply) {
            reply.complete(Reply.ok("answered"));
        }
    }

    /** Blocks until the manager closes the connection (the test's timeout bounds it); fails on any byte. */
    private static void awaitClosedByServer(SocketChannel channel) throws IOException {
        assertEquals(-1, channel.read(ByteBuffer.allocate(64)), "the manager must close it without sending anything");
    }

    @Test
    void anIdleClientConnectionIsClosedAndABusyOneIsAnswered() throws Exception {
        try (ControlServer server = open(8, Duration.ofMillis(200)); SocketChannel idle = UnixSockets.connect(socket())) {
            assertEquals("ok answered", ControlClient.request(socket(), ControlCommand.STATUS));
            awaitClosedByServer(idle);
        }
    }

    @Test
    void pastTheBoundANewClientIsRefusedUntilAnotherCloses() throws Exception {
        try (ControlServer server = open(2, Duration.ofMinutes(5));
             SocketChannel first = UnixSockets.connect(socket()); SocketChannel second = UnixSockets.connect(socket())) {
            try (SocketChannel third = UnixSockets.connect(socket())) {
                awaitClosedByServer(third); // accepted in order: the first two hold both places
            }
            first.close();
            String reply = null;
            while (reply == null) { // the manager learns of the close when its reader wakes: retried until then
                try {
                    reply = ControlClient.request(socket(), ControlCommand.STATUS);
                } catch (IOException refusedMeanwhile) {
                    Thread.onSpinWait();
                }
            }
            assertEquals("ok answered", reply);
        }
    }

    @Test
    void aChildsLinkIsNotCountedAndNotClosedWhenIdle() throws Exception {
        try (ControlServer server = open(1, Duration.ofMillis(200)); SocketChannel child = UnixSockets.connect(socket())) {
            FrameWriter hello = new FrameWriter(256);
            hello.append(FrameType.HELLO, 0, 0, new Hello(ProcessRole.WORKER, 0, 4711).encode());
            hello.flushTo(child);
            assertEquals("linked 4711", events.poll(10, TimeUnit.SECONDS));
            try (SocketChannel client = UnixSockets.connect(socket())) {
                awaitClosedByServer(client); // admitted although a child is linked, then closed when idle
            }
            // the client was idle as long as the child has been, and more: the child's link is still up
            assertFalse(events.contains("unlinked 4711"), events.toString());
            child.close();
            assertEquals("unlinked 4711", events.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMalformedMessageFromAChildIsDroppedAndItsLinkStaysUp() throws Exception {
        try (ControlServer server = open(8, Duration.ofMinutes(5)); SocketChannel child = UnixSockets.connect(socket())) {
            FrameWriter frames = new FrameWriter(256);
            frames.append(FrameType.HELLO, 0, 0, new Hello(ProcessRole.WORKER, 0, 4711).encode());
            frames.append(FrameType.HEARTBEAT, 0, 0, "beats=9".getBytes(StandardCharsets.UTF_8));
            frames.append(FrameType.HEARTBEAT, 0, 0, "requests=9".getBytes(StandardCharsets.UTF_8));
            frames.flushTo(child);
            assertEquals("linked 4711", events.poll(10, TimeUnit.SECONDS));
            assertEquals("beat 4711 9", events.poll(10, TimeUnit.SECONDS), "the good beat after the bad one arrives");
        }
    }

    @Test
    void aClientsMalformedCommandIsAnsweredWithTheReason() throws Exception {
        try (ControlServer server = open(8, Duration.ofMinutes(5)); SocketChannel client = UnixSockets.connect(socket())) {
            FrameWriter frames = new FrameWriter(256);
            frames.append(FrameType.COMMAND, 0, 0, " ".getBytes(StandardCharsets.UTF_8));
            frames.flushTo(client);
            String[] reply = {null};
            FrameReader reader = new FrameReader(1 << 16);
            while (reply[0] == null && reader.readFrom(client, (h, p) -> reply[0] = StandardCharsets.UTF_8.decode(p).toString()) >= 0) {
                // until the reply is in
            }
            assertEquals("error: malformed COMMAND control message ' ': a command has a name", reply[0]);
        }
    }

    @Test
    void aChildsMetricsReachTheBoardAndStayCountedOnceItsLinkEnds() throws Exception {
        AppMetricsBoard board = new AppMetricsBoard();
        try (ControlServer server = ControlServer.open(socket(), new Recorder(), board);
             SocketChannel child = UnixSockets.connect(socket())) {
            FrameWriter frames = new FrameWriter(1024);
            frames.append(FrameType.HELLO, 0, 0, new Hello(ProcessRole.WORKER, 1, 4711).encode());
            frames.append(FrameType.METRICS, 0, 0, new byte[] {7}); // a bad one: warned about, changes nothing
            frames.append(FrameType.METRICS, 0, 0, AppMetricsEncoder.encode(new MetricsReport(new ProcessVitals(1, 2, 3, 4, 5),
                    List.of(new MetricFamily("jobs_total", MetricType.COUNTER, "", List.of(), new double[0],
                            List.of(MetricSeries.of(List.of(), 9)))))));
            frames.flushTo(child);
            assertEquals("linked 4711", events.poll(10, TimeUnit.SECONDS));
            child.close();
            assertEquals("unlinked 4711", events.poll(10, TimeUnit.SECONDS)); // told after the board retired it
            assertNull(board.vitals(4711), "retired");
            assertEquals(9.0, board.summed().getFirst().series().getFirst().value(), "its count stays");
        }
    }
}
