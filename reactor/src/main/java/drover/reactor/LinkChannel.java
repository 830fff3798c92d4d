package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.Hello;
import drover.common.link.LinkInput;
import drover.common.log.Log;
import drover.common.loop.IoHandler;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One connected worker socket on a reactor thread: unnamed until its HELLO, then bound to a slot. */
final class LinkChannel implements IoHandler {
    private final SocketChannel channel;
    private final WorkerRouter thread;
    private final FrameReader reader;
    private final LinkInput input;
    /** Frames for this worker alone once it is retired: just the DRAIN that tells it nothing more comes. */
    private final FrameWriter farewell = new FrameWriter(FrameHeader.SIZE);
    private SelectionKey key;
    private Hello hello;
    private boolean retired;
    /** Its HELLO was refused (LinkGuard): closed, and whatever else came with it is ignored. */
    private boolean refused;
    /** Which of its slot's workers this one is (WorkerLink), from when it took the slot's packets; 0 before. */
    private int generation;

    /** The pool lends the buffers large replies are joined in: each is written or copied before onFrame returns. */
    LinkChannel(SocketChannel channel, WorkerRouter thread, PayloadLimits limits, PayloadStore store, BufferPool pool) {
        this.channel = channel;
        this.thread = thread;
        this.reader = new FrameReader(limits.maxFramePayload());
        this.input = new LinkInput(limits, store, pool, this::onFrame);
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    SocketChannel channel() {
        return channel;
    }

    /** It became its slot's active worker, the generation-th one (WorkerLink). */
    void activated(int generation) {
        this.generation = generation;
    }

    int generation() {
        return generation;
    }

    /** A newer worker took its slot over: it was told DRAIN, so its exit is expected. */
    boolean isRetired() {
        return retired;
    }

    String describe() {
        return hello == null ? "unidentified worker link" : hello.describe();
    }

    /**
     * A newer worker took this slot over at a frame boundary: this one gets a DRAIN (no more packets
     * will come) and only sends its last replies now.
     */
    void retire() throws IOException {
        retired = true;
        farewell.append(FrameType.DRAIN, 0, hello.slot(), new byte[0]);
        flushFarewell();
        Log.debug(describe() + " retired from dispatch on thread " + thread.threadId());
    }

    private void flushFarewell() throws IOException {
        boolean drained = farewell.flushTo(channel);
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | (drained ? 0 : SelectionKey.OP_WRITE));
        }
    }

    void wantWrite(boolean write) {
        if (key.isValid() && !retired) {
            key.interestOps(SelectionKey.OP_READ | (write ? SelectionKey.OP_WRITE : 0));
        }
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        if (key.isWritable()) {
            if (retired) {
                flushFarewell();
            } else {
                thread.flushLink(hello.slot());
            }
        }
        if (key.isValid() && key.isReadable()) {
            int n;
            long joined = input.joinedPayloads();
            long taken = input.takenPayloads();
            try {
                n = reader.readFrom(channel, input);
            } catch (FrameFormatException e) {
                Log.error(describe() + " sent a bad frame, closing the link: " + e.getMessage());
                close();
                return;
            } finally {
                ReactorCounters counters = thread.counters();
                counters.largeRepliesStreamed += input.joinedPayloads() - joined;
                counters.largeRepliesStored += input.takenPayloads() - taken;
            }
            if (n < 0) {
                Log.info(describe() + " link to thread " + thread.threadId() + " closed");
                close();
            }
        }
    }

    @Override
    public void onFailure(IOException error) {
        Log.warn(describe() + " link failed: " + error.getMessage());
        close();
    }

    private void onFrame(FrameHeader header, ByteBuffer payload) {
        if (refused) {
            return;
        }
        if (hello == null) {
            if (header.type() != FrameType.HELLO) {
                throw new IllegalStateException("first frame on a worker link was " + header.type() + ", not HELLO");
            }
            Hello claimed = Hello.decode(payload);
            String refusal = thread.linkGuard().refusal(channel, claimed);
            if (refusal != null) {
                // a process the manager did not start would take the slot and read its clients' requests
                Log.warn("refused a worker link on thread " + thread.threadId() + " that says it is "
                        + claimed.describe() + ": " + refusal);
                refused = true;
                close();
                return;
            }
            hello = claimed;
            thread.checkSlot(hello.slot(), this);
            return;
        }
        if (header.type() == FrameType.READY) {
            // the worker ran onWorkerStart: only now does it take its slot's packets (spawn-before-retire)
            thread.attachLink(hello.slot(), this);
            return;
        }
        thread.onWorkerFrame(hello.slot(), header, payload);
    }

    void close() {
        input.discardAssemblies();
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            Log.warn(describe() + " close failed: " + e.getMessage());
        }
        if (hello != null) {
            thread.detachLink(hello.slot(), this);
        }
    }
}
