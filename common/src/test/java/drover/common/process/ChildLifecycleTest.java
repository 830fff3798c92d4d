package drover.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameReader;
import drover.common.frame.ControlMessage;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.ControlLink;
import drover.common.link.Hello;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.link.UnixSockets;
import drover.common.loop.EventLoop;
import drover.common.loop.LoopRole;
import drover.common.loop.LoopState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one life of every child role, against a fake manager on a real control socket. */
@Timeout(30)
class ChildLifecycleTest {
    @TempDir
    Path dir;

    private ServerSocketChannel managerSocket;
    private SocketChannel manager;
    private ControlLink control;
    private final FrameReader frames = new FrameReader(1 << 20);
    private final List<String> received = new ArrayList<>();
    private final FakeRole role = new FakeRole();

    /** A role that records what it is told, and runs its event loop until told to stop. */
    private static final class FakeRole implements ChildRole, LoopRole {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        final EventLoop loop;
        volatile boolean stopping;

        FakeRole() {
            try {
                loop = new EventLoop("fake role loop");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void drain() {
            calls.add("drain");
        }

        @Override
        public void stop() {
            stopping = true;
            calls.add("stop");
            loop.execute(() -> loop.moveTo(LoopState.STOPPING));
        }

        @Override
        public boolean doneStopping(long now) {
            return true;
        }

        @Override
        public EventLoop heartbeatLoop() {
            return loop;
        }

        @Override
        public long onHeartbeat(long nowNanos) {
            return 7;
        }

        @Override
        public void onCommand(ControlMessage message) {
            calls.add(message.toString());
        }

        @Override
        public String readyText() {
            return "127.0.0.1:9501";
        }

        @Override
        public String describe() {
            return "a fake role";
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public ExitCode run() {
            calls.add("run");
            try {
                loop.run(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                loop.close();
            }
            return ExitCode.CRASHED; // any code: the lifecycle passes it on
        }

        @Override
        public void cleanUp() {
            calls.add("clean up");
        }
    }

    private ChildContext context() throws Exception {
        Path socket = dir.resolve("manager.sock");
        managerSocket = UnixSockets.listen(socket);
        control = ControlLink.connect(socket, new Hello(ProcessRole.WORKER, 2, ProcessHandle.current().pid()));
        manager = managerSocket.accept();
        Properties settings = new Properties();
        settings.setProperty("run_dir", dir.toString());
        DroverConfig config = DroverConfig.fromProperties(settings, "test");
        ChildArgs args = ChildArgs.parse(new String[] {"--run-dir", dir.toString(), "--slot", "2"});
        return new ChildContext(ProcessRole.WORKER, args, new RunDir(dir), config, control);
    }

    @AfterEach
    void closeSockets() throws IOException {
        role.stopping = true; // else the control reader, at EOF, would halt this JVM as a child's must
        for (AutoCloseable c : new AutoCloseable[] {control, manager, managerSocket}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /** Reads frames from the child until {@code count} have come. */
    private void awaitFrames(int count) throws Exception {
        while (received.size() < count) {
            int read = frames.readFrom(manager, (header, payload) ->
                    received.add(header.type() + " " + StandardCharsets.UTF_8.decode(payload)));
            assertTrue(read >= 0, "the child closed its control link after " + received);
        }
    }

    private void command(FrameType type, String text) throws IOException {
        FrameWriter writer = new FrameWriter(256);
        writer.append(type, 0, 0, text.getBytes(StandardCharsets.UTF_8));
        writer.flushTo(manager);
    }

    private CompletableFuture<ExitCode> live(ChildLifecycle lifecycle, FakeRole role) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return lifecycle.live(context -> role);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aChildSaysReadyBeatsObeysDrainStopAndCommandsThenExitsWithItsRolesCode() throws Exception {
        CompletableFuture<ExitCode> exit = live(new ChildLifecycle(context()), role);
        awaitFrames(3);
        assertTrue(received.get(0).startsWith("HELLO "), received.get(0));
        assertEquals("READY 127.0.0.1:9501", received.get(1), "READY carries the role's text");
        assertEquals("HEARTBEAT requests=7", received.get(2), "the first beat comes at the loop's first turn");
        awaitFrames(4);
        assertEquals("HEARTBEAT requests=7", received.get(3), "and the next a second later");
        assertEquals("run", role.calls.poll(10, TimeUnit.SECONDS));
        command(FrameType.DRAIN, "");
        command(FrameType.WORKER_COUNT, "3");
        command(FrameType.STOP, "");
        assertEquals(ExitCode.CRASHED, exit.get(10, TimeUnit.SECONDS));
        List<String> calls = new ArrayList<>();
        role.calls.drainTo(calls);
        assertEquals(List.of("drain", new ControlMessage.WorkerCount(3).toString(), "stop", "clean up"), calls);
    }

    @Test
    void theHeartbeatComesEveryQuarterOfWorkerTimeoutBetweenATenthOfASecondAndASecond() {
        assertEquals(TimeUnit.SECONDS.toNanos(1), ChildLifecycle.beatInterval(Duration.ZERO), "no timeout: once a second");
        assertEquals(TimeUnit.SECONDS.toNanos(1), ChildLifecycle.beatInterval(Duration.ofSeconds(30)));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), ChildLifecycle.beatInterval(Duration.ofSeconds(2)));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), ChildLifecycle.beatInterval(Duration.ofMillis(200)));
    }
}
