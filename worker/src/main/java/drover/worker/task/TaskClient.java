package drover.worker.task;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.LinkInput;
import drover.common.link.LinkSecret;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A worker's side of the task workers, on the worker loop's own selector and thread. The manager
 * says which task workers take tasks (TASK_WORKERS); each task goes to the listed one with the
 * fewest tasks outstanding from this worker (ties in turn). A task worker no longer listed gets
 * DRAIN after the last task sent to it and answers what it holds. A link that breaks fails its
 * outstanding tasks (never resent: a task runs at most once). Tasks made while no task worker is
 * listed wait here, at most task_queue_max of them; and no task worker gets more than
 * task_queue_max + 1 tasks of this worker's at once (one running, the rest queued), so a task worker
 * stuck in a long task cannot make this worker buffer without bound.
 */
public final class TaskClient {
    /**
     * What task workers may do to the server's WebSocket connections through this worker (they have
     * no reactor link): push and disconnect, as this worker's app would; and which are established.
     */
    public interface WebSocketRelay {
        /** The connections established now, for a task worker that links (the notices follow). */
        Set<Long> established();

        void push(long fd, int opcode, byte[] data, String from);

        void disconnect(long fd, ByteBuffer status, String from);
    }

    private static final byte[] EMPTY = new byte[0];

    private final EventLoop loop;
    private final RunDir runDir;
    private final int workerSlot;
    private final int taskWorkerNum;
    private final int queueMax;
    private final PayloadLimits limits;
    /** Where large tasks go (large_payload=tmpfile); null: they stream in chunks. */
    private final PayloadStore store;
    private final List<TaskLink> links = new ArrayList<>();
    private final ArrayDeque<TaskCall> waiting = new ArrayDeque<>();
    private int turn;
    /** Null unless the app is a WebSocketApp. */
    private WebSocketRelay webSockets;

    public TaskClient(EventLoop loop, RunDir runDir, int workerSlot, int taskWorkerNum, int queueMax,
            PayloadLimits limits, PayloadStore store) {
        this.loop = loop;
        this.runDir = runDir;
        this.workerSlot = workerSlot;
        this.taskWorkerNum = taskWorkerNum;
        this.queueMax = queueMax;
        this.limits = limits;
        this.store = store;
    }

    /** The app is a WebSocketApp: task workers learn its connections through this worker and push through it. */
    public void relayWebSockets(WebSocketRelay relay) {
        this.webSockets = relay;
    }

    /**
     * A WebSocket was established or ended on the server (the reactor's notice, CONNECT or CLOSE):
     * every task worker hears of it, in the order this worker did, after what it was told before.
     */
    public void webSocketNotice(FrameType type, long fd) {
        if (webSockets == null) {
            return;
        }
        for (int i = 0; i < links.size(); i++) {
            links.get(i).append(type, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG, fd, workerSlot, EMPTY);
        }
    }

    /** Hands a task to a task worker, or keeps it until one is listed, or fails it at once. */
    public void submit(TaskCall call) {
        if (taskWorkerNum == 0) {
            call.reply().failed("no task workers: task_worker_num is 0");
            return;
        }
        TaskLink link = pick();
        if (link != null && link.outstanding().size() > queueMax) {
            // even the least loaded task worker holds more of ours than its queue takes: it would
            // refuse this one, and meanwhile it would sit in our buffers, unbounded
            call.reply().failed("task queue full (task_queue_max " + queueMax + ")");
        } else if (link != null) {
            link.send(call, workerSlot);
        } else if (waiting.size() < queueMax) {
            waiting.add(call);
        } else {
            call.reply().failed("task queue full (task_queue_max " + queueMax + ", no task worker linked yet)");
        }
    }

    /** The caller stopped waiting (taskwait timed out): its result, if it comes, is dropped. */
    public void cancel(long taskId) {
        waiting.removeIf(c -> c.id() == taskId);
        for (TaskLink link : links) {
            link.answered(taskId);
        }
    }

    /** Tasks sent and not answered, and tasks waiting for a task worker. */
    public int outstanding() {
        int n = waiting.size();
        for (TaskLink link : links) {
            n += link.outstanding().size();
        }
        return n;
    }

    // the listed link with the fewest tasks outstanding; ties go round in turn
    private TaskLink pick() {
        TaskLink best = null;
        int size = links.size();
        for (int i = 0; i < size; i++) {
            TaskLink link = links.get((turn + i) % size);
            if (link.listed() && (best == null || link.outstanding().size() < best.outstanding().size())) {
                best = link;
            }
        }
        turn++;
        return best;
    }

    /** TASK_WORKERS from the manager: "slot:generation,...". Links to new ones, drains the ones left out. */
    public void taskWorkers(String list) {
        Set<Long> listedNow = new HashSet<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            try {
                int slot = Integer.parseInt(parts[0]);
                int generation = Integer.parseInt(parts[1]);
                listedNow.add(key(slot, generation));
                if (links.stream().noneMatch(l -> l.is(slot, generation))) {
                    connect(slot, generation);
                }
            } catch (RuntimeException e) {
                Log.warn("ignoring a malformed task worker entry '" + entry + "' from the manager");
            }
        }
        for (TaskLink link : links) {
            if (link.listed() && !listedNow.contains(keyOf(link))) {
                link.unlist(workerSlot);
            }
        }
        sendWaiting();
    }

    private void connect(int slot, int generation) {
        try {
            SocketChannel channel = UnixSockets.connect(runDir.taskSocket(slot, generation));
            TaskLink link = new TaskLink(slot, generation, channel, limits, store);
            link.register(loop.register(channel, SelectionKey.OP_READ, new LinkHandler(link)));
            link.append(FrameType.HELLO, 0, workerSlot,
                    new Hello(ProcessRole.WORKER, workerSlot, ProcessHandle.current().pid(), LinkSecret.inherited()).encode());
            if (webSockets != null) { // what is established now; the notices that follow keep it current
                for (long fd : webSockets.established()) {
                    link.append(FrameType.CONNECT, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG, fd, workerSlot, EMPTY);
                }
            }
            links.add(link);
        } catch (IOException e) {
            // it exited between the manager's list and now; the next list will not name it
            Log.warn("cannot link to task_worker#" + slot + " (generation " + generation + "): " + e.getMessage());
        }
    }

    private void sendWaiting() {
        while (!waiting.isEmpty() && links.stream().anyMatch(TaskLink::listed)) {
            pick().send(waiting.poll(), workerSlot);
        }
    }

    /** One link's ready events, on the worker loop. */
    private final class LinkHandler implements IoHandler {
        private final TaskLink link;

        LinkHandler(TaskLink link) {
            this.link = link;
        }

        @Override
        public void onReady(SelectionKey key) throws IOException {
            try {
                if (key.isValid() && key.isWritable()) {
                    link.flush();
                }
                if (key.isValid() && key.isReadable() && link.read((h, p) -> onFrame(link, h, p)) < 0) {
                    lost(link, "it closed the link");
                }
            } catch (FrameFormatException e) {
                lost(link, e.getMessage());
            }
        }

        @Override
        public void onFailure(IOException error) {
            lost(link, error.getMessage());
        }
    }

    private void onFrame(TaskLink link, FrameHeader header, ByteBuffer payload) {
        if ((header.flags() & FrameType.WEBSOCKET_FLAG) != 0 && webSockets != null) {
            switch (header.type()) {
                case SEND -> webSockets.push(header.sessionId(), header.flags() & FrameType.WEBSOCKET_OPCODE_MASK,
                        LinkInput.bytes(payload), link.describe());
                case CLOSE_REQUEST -> webSockets.disconnect(header.sessionId(), payload, link.describe());
                default -> Log.warn("unexpected WebSocket " + header.type() + " frame from " + link.describe());
            }
            return;
        }
        if (header.type() != FrameType.FINISH) {
            Log.warn("unexpected " + header.type() + " frame from " + link.describe());
            return;
        }
        TaskCall call = link.answered(header.sessionId());
        if (call == null) {
            Log.debug("dropping the late result of task " + header.sessionId() + " from " + link.describe());
            return;
        }
        if ((header.flags() & FrameType.TASK_FAILED_FLAG) != 0) {
            call.reply().failed(StandardCharsets.UTF_8.decode(payload).toString());
        } else {
            call.reply().finished(LinkInput.bytes(payload));
        }
    }

    /** The task worker went away (killed, crashed, or done draining): what it still owed fails, never resent. */
    private void lost(TaskLink link, String why) {
        link.close();
        links.remove(link);
        if (!link.outstanding().isEmpty()) {
            String reason = link.describe() + " ended before answering (" + why + ")";
            Log.warn(reason + ": failing " + link.outstanding().size() + " tasks");
            for (TaskCall call : List.copyOf(link.outstanding().values())) {
                call.reply().failed(reason);
            }
            link.outstanding().clear();
        }
    }

    /**
     * Writes what the links have queued; called at the end of every loop turn, so it walks the list by
     * index rather than through a copy or an iterator (a C1-compiled worker allocates both). Backwards,
     * so a link lost on the way, which leaves the list, skips none of the others.
     */
    public void flush() {
        for (int i = links.size() - 1; i >= 0; i--) {
            TaskLink link = links.get(i);
            if (link.hasPending()) {
                try {
                    link.flush();
                } catch (IOException e) {
                    lost(link, e.getMessage());
                }
            }
        }
    }

    /** Now and then, on the worker's loop: links idle after a burst of large tasks give back their rings' memory. */
    public void trimIdle(long nowNanos) {
        for (int i = 0; i < links.size(); i++) {
            links.get(i).trimIdle(nowNanos);
        }
    }

    /** The worker is exiting: whatever is still unanswered fails, so every caller hears of its task. */
    public void close() {
        for (TaskLink link : List.copyOf(links)) {
            lost(link, "the worker is exiting");
        }
        TaskCall call;
        while ((call = waiting.poll()) != null) {
            call.reply().failed("the worker is exiting before a task worker was linked");
        }
    }

    private static long key(int slot, int generation) {
        return ((long) slot << 32) | (generation & 0xFFFFFFFFL);
    }

    private static long keyOf(TaskLink link) {
        return key(link.slot(), link.generation());
    }
}
