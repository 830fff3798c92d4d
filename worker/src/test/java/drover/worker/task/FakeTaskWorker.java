package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.RunDir;
import drover.common.link.UnixSockets;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** A task worker's socket driven by the test: accepts one worker link, reads its frames, answers by hand. */
final class FakeTaskWorker implements AutoCloseable {
    record Received(FrameType type, long taskId, String text) {
    }

    private final ServerSocketChannel listener;
    private final FrameReader reader = new FrameReader(1 << 20);
    private final Deque<Received> received = new ArrayDeque<>();
    private SocketChannel link;

    FakeTaskWorker(RunDir runDir, int slot, int generation) throws IOException {
        listener = UnixSockets.listen(runDir.taskSocket(slot, generation));
    }

    /** The next frame from the worker, waiting for it (the link is blocking, with a deadline via the test's @Timeout). */
    Received next() throws IOException, FrameFormatException {
        if (link == null) {
            link = listener.accept();
        }
        while (received.isEmpty()) {
            if (reader.readFrom(link, (h, p) -> received.add(new Received(h.type(), h.sessionId(),
                    StandardCharsets.UTF_8.decode(p).toString()))) < 0) {
                throw new IOException("the worker closed the link");
            }
        }
        return received.poll();
    }

    void answer(long taskId, int flags, String payload) throws IOException {
        FrameWriter writer = new FrameWriter(64);
        writer.append(FrameType.FINISH, flags, taskId, 0, payload.getBytes(StandardCharsets.UTF_8), 0,
                payload.getBytes(StandardCharsets.UTF_8).length);
        writer.flushTo(link);
    }

    /** The task worker dies: its end of the link closes. */
    void die() throws IOException {
        if (link != null) {
            link.close();
        }
        listener.close();
    }


    @Override
    public void close() throws IOException {
        die();
    }
}
