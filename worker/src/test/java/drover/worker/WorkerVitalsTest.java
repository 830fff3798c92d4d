package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.link.ControlLink;
import drover.common.link.Hello;
import drover.common.link.ProcessRole;
import drover.common.link.UnixSockets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerVitalsTest {
    @TempDir
    Path dir;

    /** Frames the worker sent to its "manager", as "TYPE payload-text" (METRICS as its type alone). */
    private List<String> beatOnce(long maxRss, int beats) throws Exception {
        Path socket = dir.resolve("m.sock");
        try (ServerSocketChannel manager = UnixSockets.listen(socket);
             ControlLink link = ControlLink.connect(socket, new Hello(ProcessRole.WORKER, 0, ProcessHandle.current().pid()));
             SocketChannel accepted = manager.accept()) {
            WorkerVitals vitals = new WorkerVitals(link, 0, 0, "max_request", "requests").recycleAboveRss(maxRss);
            for (int i = 0; i < beats; i++) {
                assertEquals(0, vitals.onHeartbeat(), "the request count the HEARTBEAT carries");
            }
            link.close();
            List<String> frames = new ArrayList<>();
            FrameReader reader = new FrameReader(1 << 20);
            while (reader.readFrom(accepted, (header, payload) -> frames.add(header.type() == FrameType.METRICS
                    ? "METRICS" : header.type() + " " + StandardCharsets.UTF_8.decode(payload))) >= 0) {
                // until the worker's side is closed
            }
            return frames;
        }
    }

    @Test
    void eachHeartbeatSendsAMetricsFrameOfItsOwn() throws Exception {
        List<String> frames = beatOnce(0, 2); // ChildLifecycle sends the HEARTBEAT itself
        assertEquals(List.of("HELLO", "METRICS", "METRICS"),
                frames.stream().map(f -> f.startsWith("HELLO") ? "HELLO" : f).toList());
    }

    @Test
    void aWorkerPastWorkerMaxRssAsksOnceToBeRecycled() throws Exception {
        List<String> frames = beatOnce(1, 3); // any JVM is past one byte
        List<String> recycles = frames.stream().filter(f -> f.startsWith("RECYCLE")).toList();
        assertEquals(1, recycles.size(), frames.toString());
        assertTrue(recycles.getFirst().startsWith("RECYCLE worker_max_rss reached (RSS "), recycles.getFirst());
    }
}
