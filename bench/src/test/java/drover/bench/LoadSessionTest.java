package drover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EchoLoad end to end against fake servers in this JVM: counts replies, and sees what goes wrong. */
@Timeout(60)
class LoadSessionTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static LoadPlan plan(int port, List<Integer> sizes, int pipeline, Duration duration) {
        return new LoadPlan(new InetSocketAddress("127.0.0.1", port), 4, sizes, pipeline, 2, duration, Duration.ZERO,
                Duration.ofMillis(500), Duration.ofMillis(100), false);
    }

    private LoadResult runAgainst(FakeEchoServer.Behaviour behaviour, int expectedExit) throws Exception {
        try (FakeEchoServer server = new FakeEchoServer(behaviour)) {
            LoadSession session = new LoadSession(plan(server.port(), List.of(64), 4, Duration.ofMillis(400)), out);
            assertEquals(expectedExit, session.run(), printed.toString(StandardCharsets.UTF_8));
            return session.results().getFirst();
        }
    }

    @Test
    void aTrueEchoServerGivesRepliesAndNoErrors() throws Exception {
        LoadResult result = runAgainst(FakeEchoServer.Behaviour.ECHO, 0);
        assertTrue(result.replies() > 0);
        assertEquals(result.replies() * 68, result.bytes());
        assertEquals(0, result.errors().total());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("RESULT size=64 connections=4 pipeline=4 "), text);
        assertTrue(text.contains(" errors=0 "), text);
    }

    @Test
    void aCorruptedReplyIsCountedAndExplained() throws Exception {
        LoadResult result = runAgainst(FakeEchoServer.Behaviour.CORRUPT_ONCE, 1);
        assertTrue(result.errors().badReplies.sum() >= 1);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("differs from its request at body byte 26"));
    }

    @Test
    void aServerHangingUpIsCountedAsDisconnects() throws Exception {
        LoadResult result = runAgainst(FakeEchoServer.Behaviour.HANG_UP, 1);
        assertTrue(result.errors().disconnects.sum() >= 4, result.summary());
    }

    @Test
    void repliesThatNeverComeAreTimeouts() throws Exception {
        LoadResult result = runAgainst(FakeEchoServer.Behaviour.SILENT, 1);
        assertTrue(result.errors().timeouts.sum() >= 4, result.summary());
        assertEquals(0, result.replies());
    }

    @Test
    void noServerListeningIsCountedAsConnectFailures() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there now
        }
        LoadSession session = new LoadSession(plan(port, List.of(64), 1, Duration.ofMillis(300)), out);
        assertEquals(1, session.run());
        assertTrue(session.results().getFirst().errors().connectFailures.sum() >= 4);
    }

    @Test
    void everySizeOfTheListIsRunInTurn() throws Exception {
        try (FakeEchoServer server = new FakeEchoServer(FakeEchoServer.Behaviour.ECHO)) {
            LoadSession session = new LoadSession(plan(server.port(), List.of(8, 100_000), 2, Duration.ofMillis(300)), out);
            assertEquals(0, session.run());
            assertEquals(List.of(8, 100_000), session.results().stream().map(LoadResult::bodySize).toList());
            assertTrue(session.results().get(1).replies() > 0);
        }
    }

    @Test
    void aStopRequestEndsALongRunWithTheFiguresSoFar() throws Exception {
        try (FakeEchoServer server = new FakeEchoServer(FakeEchoServer.Behaviour.ECHO)) {
            LoadSession session = new LoadSession(plan(server.port(), List.of(64, 128), 1, Duration.ofMinutes(10)), out);
            Thread runner = Thread.ofPlatform().start(() -> {
                try {
                    session.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            awaitProgressLine();
            session.requestStop();
            assertEquals(0, session.awaitExitCode(30, TimeUnit.SECONDS));
            runner.join();
            assertEquals(1, session.results().size(), "the sizes after the stopped one are skipped");
            assertTrue(session.results().getFirst().replies() > 0);
        }
    }

    /** The first progress line shows the run is under way. */
    private void awaitProgressLine() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!printed.toString(StandardCharsets.UTF_8).contains("msgs/s")) {
            assertTrue(System.nanoTime() < deadline, "no progress line within 30 s");
            Thread.sleep(10); // polling a condition with a deadline
        }
    }
}
