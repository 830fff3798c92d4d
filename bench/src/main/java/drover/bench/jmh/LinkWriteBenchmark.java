package drover.bench.jmh;

import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.UnixSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames written over a real Unix-domain socket pair, as a reactor thread writes to a worker
 * link: a batch of frames coalesced into one write, against one write per frame. A second thread
 * drains the other end. Scores are frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinkWriteBenchmark {
    static final int BATCH = 16;

    @Param({"64", "4096"})
    public int payloadSize;

    private Path dir;
    private SocketChannel writeEnd;
    private SocketChannel readEnd;
    private Thread drainer;
    private FrameWriter writer;
    private ByteBuffer payload;

    @Setup(Level.Trial)
    public void connect() throws IOException {
        dir = Files.createTempDirectory("drover-bench");
        Path socket = dir.resolve("link.sock");
        try (ServerSocketChannel server = UnixSockets.listen(socket)) {
            writeEnd = UnixSockets.connect(socket);
            readEnd = server.accept();
        }
        // Blocking: each flush hands the whole batch to the kernel, so every call does the same work.
        writeEnd.configureBlocking(true);
        drainer = Thread.ofPlatform().daemon().name("link-drainer").start(this::drain);
        writer = new FrameWriter(64 * 1024);
        payload = ByteBuffer.wrap(Payloads.pattern(payloadSize));
    }

    private void drain() {
        ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (readEnd.read(sink.clear()) >= 0) {
                // only emptying the socket
            }
        } catch (IOException e) {
            if (readEnd.isOpen()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        writeEnd.close();
        drainer.join(); // sees EOF once the write end is closed
        readEnd.close();
        Files.deleteIfExists(dir.resolve("link.sock"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean coalescedIntoOneWrite() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            writer.append(FrameType.DATA, 0, i, 1, payload.duplicate());
        }
        return writer.flushTo(writeEnd);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean oneWritePerFrame() throws IOException {
        boolean flushed = true;
        for (int i = 0; i < BATCH; i++) {
            writer.append(FrameType.DATA, 0, i, 1, payload.duplicate());
            flushed &= writer.flushTo(writeEnd);
        }
        return flushed;
    }
}
