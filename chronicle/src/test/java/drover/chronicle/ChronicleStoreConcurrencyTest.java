package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writing thread, two reading threads taking in whatever order they get to: every payload arrives intact. */
class ChronicleStoreConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void threeHundredPayloadsFromOneWriterReachTwoConcurrentReadersIntact() throws Exception {
        Path runDir = Path.of("run-a").toAbsolutePath();
        ChronicleStore a = new ChronicleStore(tmp, runDir, 1, 64L << 20);
        ChronicleStore b = new ChronicleStore(tmp, runDir, 2, 64L << 20);
        int n = 300;
        BlockingQueue<Object[]> toB = new ArrayBlockingQueue<>(n);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < 2; r++) {
            readers[r] = Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        Object[] item = toB.poll(10, TimeUnit.SECONDS);
                        if (item == null || item[0] == null) {
                            return;
                        }
                        int seed = (Integer) item[1];
                        byte[] got = b.take(ByteBuffer.wrap((byte[]) item[0]), 64 << 20);
                        byte[] want = new byte[1 << 20];
                        new Random(seed).nextBytes(want);
                        if (!java.util.Arrays.equals(want, got)) {
                            problems.add("payload " + seed + " wrong");
                        }
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            });
        }
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[1 << 20];
            new Random(i).nextBytes(p);
            toB.put(new Object[] {a.put(p), i});
        }
        toB.put(new Object[] {null});
        toB.put(new Object[] {null});
        for (Thread t : readers) {
            t.join();
        }
        assertEquals("[]", problems.toString());
        a.close();
        b.close();
    }
}
