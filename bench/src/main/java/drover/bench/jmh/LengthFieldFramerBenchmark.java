package drover.bench.jmh;

import drover.common.config.LengthType;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.PacketFormatException;
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
 * LengthFieldFramer cutting packets out of one client read, with the echo example's framing
 * (4-byte big-endian length counting the body). Each read holds many whole packets, as a
 * pipelining client's reads do. Scores are packets per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LengthFieldFramerBenchmark {
    /** Packets in one read: 16 packets of a 4 KiB body fill about one 64 KiB read. */
    static final int PACKETS_PER_READ = 16;
    private static final int LENGTH_FIELD = 4;

    @Param({"64", "4096"})
    public int bodySize;

    private LengthFieldFramer framer;
    private ByteBuffer read;

    @Setup
    public void setup() {
        framer = new LengthFieldFramer(LengthType.N, 0, LENGTH_FIELD, 2 * 1024 * 1024);
        byte[] body = Payloads.pattern(bodySize);
        read = ByteBuffer.allocate(PACKETS_PER_READ * (LENGTH_FIELD + bodySize));
        for (int i = 0; i < PACKETS_PER_READ; i++) {
            read.putInt(bodySize).put(body);
        }
        read.flip();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_READ)
    public int wholePacketsInOneRead(Blackhole blackhole) throws PacketFormatException {
        read.rewind();
        return framer.frame(read, packet -> blackhole.consume(packet.remaining()));
    }
}
