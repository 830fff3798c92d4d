package drover.bench.jmh;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The IPC frame codec alone, over buffers in memory: a header written and read, and a batch of
 * frames through FrameWriter (into a channel that takes everything) and FrameReader. Scores are
 * frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    /** Frames handled per benchmark call: what one reactor loop turn typically batches. */
    static final int BATCH = 16;

    @Param({"64", "4096"})
    public int payloadSize;

    private final ByteBuffer headerBuffer = ByteBuffer.allocate(FrameHeader.SIZE);
    private final ByteBuffer encodedHeader = ByteBuffer.allocate(FrameHeader.SIZE);
    private ByteBuffer payload;
    private ByteBuffer encodedBatch;
    private FrameWriter writer;
    private FrameReader reader;
    private final DiscardingChannel discard = new DiscardingChannel();

    @Setup
    public void setup() {
        payload = ByteBuffer.wrap(Payloads.pattern(payloadSize));
        FrameHeader.write(encodedHeader, FrameType.DATA, 0, payloadSize, 42L, 1);
        encodedHeader.flip();
        encodedBatch = ByteBuffer.allocate(BATCH * (FrameHeader.SIZE + payloadSize));
        for (int i = 0; i < BATCH; i++) {
            FrameHeader.write(encodedBatch, FrameType.DATA, 0, payloadSize, i, 1);
            encodedBatch.put(payload.duplicate());
        }
        encodedBatch.flip();
        writer = new FrameWriter(64 * 1024);
        reader = new FrameReader(payloadSize);
    }

    @Benchmark
    public ByteBuffer headerWrite() {
        headerBuffer.clear();
        FrameHeader.write(headerBuffer, FrameType.DATA, 0, payloadSize, 42L, 1);
        return headerBuffer;
    }

    @Benchmark
    public FrameHeader headerRead() throws FrameFormatException {
        encodedHeader.rewind();
        return FrameHeader.readFrom(encodedHeader, payloadSize);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean writerAppendAndFlush() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            writer.append(FrameType.SEND, 0, i, 1, payload.duplicate());
        }
        return writer.flushTo(discard);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void readerFeed(Blackhole blackhole) throws FrameFormatException {
        reader.feed(encodedBatch.duplicate(), (header, framePayload) -> blackhole.consume(framePayload.get(framePayload.position())));
    }
}
