package drover.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import drover.manager.SupervisorEvent.ChildLinked;
import drover.manager.SupervisorEvent.ChildUnlinked;
import drover.manager.SupervisorEvent.ControlRequested;
import drover.manager.admin.AppMetricsBoard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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

    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();

    private Path socket() {
        return dir.resolve("manager.sock");
    }

    private ControlServer open(int maxOpen, Duration idleTimeout) throws IOException {
        return ControlServer.open(socket(), event -> {
            if (event instanceof ControlRequested request) {
                request.reply().complete("ok answered");
            } else {
                events.add(event);
            }
        }, new ControlClients(maxOpen, idleTimeout));
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
            assertInstanceOf(ChildLinked.class, events.poll(10, TimeUnit.SECONDS));
            try (SocketChannel client = UnixSockets.connect(socket())) {
                awaitClosedByServer(client); // admitted although a child is linked, then closed when idle
            }
            // the client was idle as long as the child has been, and more: the child's link is still up
            assertFalse(events.stream().anyMatch(e -> e instanceof ChildUnlinked), events.toString());
            child.close();
            assertInstanceOf(ChildUnlinked.class, events.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aChildsMetricsReachTheBoardAndStayCountedOnceItsLinkEnds() throws Exception {
        AppMetricsBoard board = new AppMetricsBoard();
        try (ControlServer server = ControlServer.open(socket(), events::add, board);
             SocketChannel child = UnixSockets.connect(socket())) {
            FrameWriter frames = new FrameWriter(1024);
            frames.append(FrameType.HELLO, 0, 0, new Hello(ProcessRole.WORKER, 1, 4711).encode());
            frames.append(FrameType.METRICS, 0, 0, new byte[] {7}); // a bad one: warned about, changes nothing
            frames.append(FrameType.METRICS, 0, 0, AppMetricsEncoder.encode(new MetricsReport(new ProcessVitals(1, 2, 3, 4, 5),
                    List.of(new MetricFamily("jobs_total", MetricType.COUNTER, "", List.of(), new double[0],
                            List.of(MetricSeries.of(List.of(), 9)))))));
            frames.flushTo(child);
            assertInstanceOf(ChildLinked.class, events.poll(10, TimeUnit.SECONDS));
            child.close();
            assertInstanceOf(ChildUnlinked.class, events.poll(10, TimeUnit.SECONDS)); // posted after the board retired it
            assertEquals(null, board.vitals(4711), "retired");
            assertEquals(9.0, board.summed().getFirst().series().getFirst().value(), "its count stays");
        }
    }
}
