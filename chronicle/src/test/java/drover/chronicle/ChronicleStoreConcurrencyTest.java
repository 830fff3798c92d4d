package drover.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.payload.PayloadStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links busy at once, as between two reactor threads and two workers: each link's own writing thread,
 * and for each a reading thread in the other process taking its payloads in link order. Every payload
 * arrives intact, and read cycles go as the readers go, however the threads interleave.
 */
class ChronicleStoreConcurrencyTest {
    private static final int LINKS = 4;
    private static final int PAYLOADS = 150;

    @TempDir
    Path tmp;

    @Test
    void fourLinksOfAHundredAndFiftyPayloadsEachReachTheirReadersIntactAndReadCyclesAreDeleted() throws Exception {
        Path runDir = Path.of("run-a").toAbsolutePath();
        ChronicleStore a = new ChronicleStore(tmp, runDir, 1, 16L << 20);
        ChronicleStore b = new ChronicleStore(tmp, runDir, 2, 16L << 20);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int l = 0; l < LINKS; l++) {
            int link = l;
            // the two ends of a link are in the two stores, as they are in two processes
            PayloadStore out = (link % 2 == 0 ? a : b).forOutput();
            ChronicleStore in = link % 2 == 0 ? b : a;
            BlockingQueue<byte[]> wire = new ArrayBlockingQueue<>(PAYLOADS);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < PAYLOADS; i++) {
                        wire.put(out.put(payload(link, i)));
                    }
                } catch (Exception e) {
                    problems.add("writer " + link + ": " + e);
                }
            }));
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < PAYLOADS; i++) {
                        byte[] ref = wire.poll(30, TimeUnit.SECONDS);
                        if (ref == null) {
                            problems.add("reader " + link + ": no reference for payload " + i);
                            return;
                        }
                        if (!Arrays.equals(payload(link, i), in.take(ByteBuffer.wrap(ref), 16 << 20))) {
                            problems.add("link " + link + " payload " + i + " differs");
                        }
                    }
                } catch (Exception e) {
                    problems.add("reader " + link + ": " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals("[]", problems.toString());
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> left = s.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertTrue(left.size() <= LINKS, "only each queue's last marker is left: " + left);
        }
        a.close();
        b.close();
    }

    private static byte[] payload(int link, int i) {
        byte[] p = new byte[64 * 1024 + i];
        new Random(link * 1000L + i).nextBytes(p);
        return p;
    }
}
