package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.LinkOutput;
import drover.common.link.RunDir;
import drover.common.link.UnixSockets;
import drover.common.payload.PayloadLimits;
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
    /** A frame as it crossed the link: a chunk or a PAYLOAD_REF is not joined or resolved. */
    record Frame(FrameHeader header, byte[] payload) {
        Received received() {
            return new Received(header.type(), header.sessionId(), new String(payload, StandardCharsets.UTF_8));
        }
    }

    private final Deque<Frame> received = new ArrayDeque<>();
    private SocketChannel link;

    FakeTaskWorker(RunDir runDir, int slot, int generation) throws IOException {
        listener = UnixSockets.listen(runDir.taskSocket(slot, generation));
    }

    /** The next frame from the worker, waiting for it (the link is blocking, with a deadline via the test's @Timeout). */
    Received next() throws IOException, FrameFormatException {
        return nextFrame().received();
    }

    /** The next frame exactly as it came, waiting for it. */
    Frame nextFrame() throws IOException, FrameFormatException {
        if (link == null) {
            link = listener.accept();
        }
        while (received.isEmpty()) {
            if (reader.readFrom(link, (h, p) -> {
                byte[] payload = new byte[p.remaining()];
                p.get(payload);
                received.add(new Frame(h.copy(), payload));
            }) < 0) {
                throw new IOException("the worker closed the link");
            }
        }
        return received.poll();
    }

    /** Answers as a real task worker would: a result above the threshold goes in chunks. */
    void answerLarge(long taskId, byte[] result, PayloadLimits limits) throws IOException {
        LinkOutput output = new LinkOutput(limits, 64);
        output.append(FrameType.FINISH, 0, taskId, 0, result);
        while (!output.flushTo(link)) {
            Thread.onSpinWait(); // the link is blocking: each flush writes what it can
        }
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
