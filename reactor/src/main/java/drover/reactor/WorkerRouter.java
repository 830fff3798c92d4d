package drover.reactor;

import drover.common.buffer.BufferPool;
import drover.common.config.DroverConfig;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.common.link.LinkGuard;
import drover.common.log.Log;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import drover.common.session.SessionId;
import drover.reactor.http.AccessLog;
import drover.reactor.protocol.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One reactor thread's links to the workers and what travels on them: packets routed by
 * dispatch_mode with their back-pressure (a full link stops its connections' reading; they read
 * again in turn once it drains), the workers' frames for the sessions, pipe messages, and what a
 * worker's exit means for the connections whose packets it held. Used on its thread only.
 */
final class WorkerRouter {
    /** worker_num's upper bound: a slot a worker claims must be below it. */
    static final int MAX_WORKER_SLOTS = 1024;

    private final int threadId;
    private final PayloadLimits payloadLimits;
    private final PayloadStore payloadStore;
    private final BufferPool buffers;
    private final ReactorCounters counters;
    private final LinkGuard linkGuard;
    private final Sessions sessions;
    private final BooleanSupplier draining;
    private final AccessLog accessLog; // http_access_log, or null
    private final Dispatcher dispatcher;
    private WorkerLink[] workers;
    private final List<WorkerLink> dirtyLinks = new ArrayList<>();
    /** Connections whose full link has room again, to be read in the order the link stopped them. */
    private final ArrayDeque<ClientConnection> resumed = new ArrayDeque<>();

    WorkerRouter(int threadId, DroverConfig config, PayloadStore payloadStore, BufferPool buffers,
                 ReactorCounters counters, LinkGuard linkGuard, Sessions sessions, BooleanSupplier draining,
                 AccessLog accessLog) {
        this.threadId = threadId;
        this.payloadLimits = PayloadLimits.of(config);
        this.payloadStore = payloadStore;
        this.buffers = buffers;
        this.counters = counters;
        this.linkGuard = linkGuard;
        this.sessions = sessions;
        this.draining = draining;
        this.accessLog = accessLog;
        this.workers = new WorkerLink[config.workerNum()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = newWorkerLink(i);
        }
        this.dispatcher = new Dispatcher(config.dispatchMode(), workers);
    }

    int threadId() {
        return threadId;
    }

    ReactorCounters counters() {
        return counters;
    }

    LinkGuard linkGuard() {
        return linkGuard;
    }

    /** A new worker link, not yet named by its HELLO. */
    LinkChannel newLink(java.nio.channels.SocketChannel channel) {
        return new LinkChannel(channel, this, payloadLimits, payloadStore, buffers);
    }

    /** The slot a new connection calls home (dispatch_mode). */
    int homeSlot(long sequence, java.net.InetAddress remoteIp) {
        return dispatcher.homeSlot(sequence, remoteIp);
    }

    // ---- packets to the workers ----

    void queue(int slot, FrameType type, long sessionId, byte[] payload) {
        queue(slot, type, 0, sessionId, payload);
    }

    void queue(int slot, FrameType type, int flags, long sessionId, byte[] payload) {
        if (workers[slot].append(type, flags, sessionId, payload)) {
            dirtyLinks.add(workers[slot]);
        }
    }

    /**
     * A frame for every worker that has or will have a slot's sessions (WebSocket notices), but
     * exceptSlot (-1: none): slots removed by TTOU without a worker get nothing.
     */
    void toAllWorkers(FrameType type, int flags, long sessionId, byte[] payload, int exceptSlot) {
        for (int slot = 0; slot < workers.length; slot++) {
            if (slot != exceptSlot && (slot < dispatcher.activeSlots() || workers[slot].hasWorker())) {
                queue(slot, type, flags, sessionId, payload);
            }
        }
    }

    WorkerLink blockingLink(ClientConnection connection, boolean inTurn) {
        return dispatcher.blockingLink(connection.homeSlot(), inTurn);
    }

    /**
     * The link a connection's next packet goes to when that is known before the packet is whole (its
     * home slot, in every dispatch mode but round robin and idle worker), so a large one can be read
     * straight into that link's ring; null otherwise.
     */
    WorkerLink linkForWholePacket(ClientConnection connection) {
        return dispatcher.packetsGoHome() ? workers[connection.homeSlot()] : null;
    }

    void dispatch(ClientConnection connection, ByteBuffer packet) {
        counters.packets++;
        WorkerLink link = workers[dispatcher.packetSlot(connection.homeSlot())];
        if (link.append(FrameType.DATA, connection.sessionId(), packet)) {
            dirtyLinks.add(link);
        }
        connection.dispatched(link.slot(), link.deliveryGeneration());
        if (link.holdsTooMuchLarge()) {
            connection.pauseReading(link); // large packets are queued in memory: bound them per link
        }
        counters.linkPeak = Math.max(counters.linkPeak, link.queuedBytes());
    }

    /** onBufferFull / onBufferEmpty go to the session's home worker, the one that gets its close. */
    void watermark(ClientConnection connection, FrameType type) {
        queue(connection.homeSlot(), type, connection.sessionId(), new byte[0]);
    }

    /** Once a loop turn: writes the links written to, then reads the connections let back in. */
    void flushAndResume() {
        flushDirtyLinks();
        for (WorkerLink link : workers) {
            link.takeResumable(resumed); // also a link that gained room without a flush (its worker died)
        }
        if (!resumed.isEmpty()) {
            readResumed();
            flushDirtyLinks();
        }
    }

    /** Connections wait for their turn to read: the loop should not block. */
    boolean hasResumed() {
        return !resumed.isEmpty();
    }

    void flushDirtyLinks() {
        for (int i = 0; i < dirtyLinks.size(); i++) { // by index: once a turn, without an iterator
            flushLink(dirtyLinks.get(i).slot());
        }
        dirtyLinks.clear();
    }

    void flushLink(int slot) {
        try {
            workers[slot].flush();
        } catch (IOException e) {
            Log.warn("worker#" + slot + " link write failed on thread " + threadId + ": " + e.getMessage());
        }
        workers[slot].takeResumable(resumed);
    }

    /** Reads the connections let back in, oldest stop first; one the link stops again goes to the back. */
    private void readResumed() {
        for (int n = resumed.size(); n > 0; n--) {
            ClientConnection connection = resumed.poll();
            try {
                connection.readAfterResume();
            } catch (IOException e) {
                connection.onFailure(e);
            } catch (RuntimeException e) {
                Log.error("reactor thread " + threadId + ": unexpected failure on one peer, closing it", e);
                connection.onFailure(new IOException(e.toString(), e));
            }
        }
    }

    /** Server stop or fewer workers: tells every worker (from slot on) that nothing more will come. */
    void drainWorkers(int fromSlot, boolean linkedOnly) {
        for (int slot = fromSlot; slot < workers.length; slot++) {
            if (!linkedOnly || workers[slot].hasWorker()) {
                queue(slot, FrameType.DRAIN, 0, new byte[0]);
            }
        }
    }

    /** Once a second: links idle after a burst give back their payload rings' memory (large_payload=shm). */
    void trimIdleRings(long now) {
        for (WorkerLink link : workers) {
            link.trimIdle(now);
        }
    }

    /** This router's share of the counters: its links' payload store gauges. */
    void addGauges(ReactorCounters copy) {
        for (WorkerLink link : workers) {
            copy.largeStored += link.storedPayloads();
            copy.largeStoreBusy += link.storeBusy();
            copy.largeStoreFailed += link.storeFailures();
        }
    }

    /** The most bytes any link holds queued now, if more than the peak seen at dispatch. */
    void addLinkPeak(ReactorCounters copy) {
        for (WorkerLink link : workers) {
            copy.linkPeak = Math.max(copy.linkPeak, link.queuedBytes());
        }
    }

    // ---- the worker links ----

    void checkSlot(int slot, LinkChannel link) {
        if (slot < 0 || slot >= MAX_WORKER_SLOTS) {
            throw new IllegalArgumentException(link.describe() + " claims slot " + slot + " outside 0.." + (MAX_WORKER_SLOTS - 1));
        }
        ensureSlots(slot + 1); // a worker added by TTIN may link before the reactor hears the new count
    }

    private void ensureSlots(int count) {
        if (count <= workers.length) {
            return;
        }
        WorkerLink[] grown = Arrays.copyOf(workers, count);
        for (int i = workers.length; i < count; i++) {
            grown[i] = newWorkerLink(i);
        }
        workers = grown;
        dispatcher.resize(workers, dispatcher.activeSlots());
    }

    /**
     * TTIN/TTOU: from now on new connections go to slots 0..count-1. Connections whose home was a
     * removed slot move to a remaining one (their next packets and close go there), and the removed
     * slot's worker is told DRAIN, so it can finish what it holds and exit when the manager stops it.
     */
    void setWorkerCount(int count) {
        ensureSlots(count);
        int before = dispatcher.activeSlots();
        dispatcher.resize(workers, count);
        if (count >= before) {
            return;
        }
        int moved = sessions.moveHomesFrom(count);
        for (int slot = count; slot < before; slot++) {
            if (workers[slot].hasWorker()) {
                queue(slot, FrameType.DRAIN, 0, new byte[0]);
            }
        }
        Log.info("thread " + threadId + ": " + count + " workers now (was " + before + "); "
                + moved + " connections moved to the remaining workers");
    }

    void attachLink(int slot, LinkChannel link) {
        Log.debug(link.describe() + " linked to thread " + threadId);
        workers[slot].attach(link);
        dirtyLinks.add(workers[slot]);
    }

    private WorkerLink newWorkerLink(int slot) {
        WorkerLink link = new WorkerLink(slot, payloadLimits, payloadStore, buffers);
        link.onNewPeer(() -> announceWebSockets(link));
        return link;
    }

    /** A new worker (a reload, a respawn) took a slot's link: it learns the WebSocket connections open. */
    private void announceWebSockets(WorkerLink link) {
        for (ClientConnection c : sessions.all()) {
            if (c.notices().isWebSocket()) {
                link.append(FrameType.CONNECT, FrameType.WEBSOCKET_FLAG | FrameType.NOTICE_FLAG, c.sessionId(),
                        c.remoteAddress().getBytes(StandardCharsets.UTF_8));
            }
        }
        dirtyLinks.add(link);
    }

    void detachLink(int slot, LinkChannel link) {
        workers[slot].detach(link);
        dirtyLinks.add(workers[slot]);
        if (link.generation() > 0) {
            answerWhatDiedWith(slot, link);
        }
    }

    /**
     * A worker's link closed: the packets it held will never be answered. Each connection's top layer
     * says what its client gets (HTTP: a 502, or a reset mid-response; other protocols: a close when
     * the worker exited unasked and close_on_worker_exit allows, docs/OPERATIONS.md).
     */
    private void answerWhatDiedWith(int slot, LinkChannel link) {
        boolean expected = link.isRetired() || slot >= dispatcher.activeSlots() || draining.getAsBoolean();
        int answered = 0;
        for (ClientConnection c : sessions.copy()) {
            try {
                if (c.workerExited(slot, link.generation(), expected)) {
                    answered++;
                }
            } catch (IOException e) {
                sessions.close(c, CloseReason.of(e));
            }
        }
        counters.workerExitAnswers += answered;
        if (answered > 0) {
            Log.warn(link.describe() + " exited holding packets of " + answered + " connection(s) on thread "
                    + threadId + ": answered 502 (HTTP) or closed them");
        }
    }

    // ---- frames from the workers ----

    void onWorkerFrame(int fromSlot, FrameHeader header, ByteBuffer payload) {
        if (header.type() == FrameType.PIPE_MESSAGE) {
            forwardPipeMessage(fromSlot, payload);
            return;
        }
        ClientConnection connection = sessions.get(header.sessionId());
        if (connection == null || !connection.takesActions()) {
            // closed or closing: never deliver to a newer connection (ids are never reused)
            counters.droppedStale++;
            endLateUpgrade(fromSlot, header);
            return;
        }
        try {
            if ((header.flags() & FrameType.WEBSOCKET_FLAG) != 0) {
                layerFrame(fromSlot, connection, header, payload);
                return;
            }
            switch (header.type()) {
                case SEND -> send(fromSlot, connection, payload);
                case RESPONSE_END -> {
                    connection.responseEnded();
                    if (accessLog != null) {
                        accessLog.responseEnded(connection.remoteAddress(), fromSlot, payload);
                    }
                }
                case CLOSE_REQUEST -> {
                    if ((header.flags() & FrameType.RESET_FLAG) != 0) {
                        connection.reset();
                    } else {
                        connection.closeAfterOutput();
                    }
                }
                case BIND -> bind(connection, payload);
                case PAUSE -> connection.pauseByApp();
                case RESUME -> connection.resumeByApp();
                default -> Log.warn("unexpected " + header.type() + " frame from worker#" + fromSlot);
            }
        } catch (IOException e) {
            sessions.close(connection, CloseReason.of(e));
        }
    }

    /** A WebSocket push, upgrade or close for the connection's top layer; one it takes no such frame is stale. */
    private void layerFrame(int fromSlot, ClientConnection connection, FrameHeader header, ByteBuffer payload)
            throws IOException {
        if (header.type() == FrameType.SEND) {
            String refused = connection.sendFromWorker(payload, header.flags());
            if (refused != null) {
                counters.overflows++;
                queue(fromSlot, FrameType.SEND_FAILED, connection.sessionId(), refused.getBytes(StandardCharsets.UTF_8));
            }
        } else if (!connection.layerFrame(header.type(), header.flags(), payload)) {
            counters.droppedStale++;
            endLateUpgrade(fromSlot, header);
        }
    }

    /**
     * A worker accepted an upgrade that can no longer happen (the client left, or the connection
     * closed, before the accept came): its app ran onOpen, so that worker gets the WebSocket's end
     * (onClose with 1006) as if it had been established; the home worker's plain CLOSE calls none.
     */
    private void endLateUpgrade(int fromSlot, FrameHeader header) {
        if (header.type() == FrameType.RESPONSE_END && (header.flags() & FrameType.WEBSOCKET_FLAG) != 0) {
            queue(fromSlot, FrameType.CLOSE, FrameType.WEBSOCKET_FLAG, header.sessionId(),
                    WebSocketWire.close(1006, "closed before the upgrade was accepted"));
        }
    }

    /** buffer_output_size: a send that does not fit is refused whole and its worker is told why. */
    private void send(int fromSlot, ClientConnection connection, ByteBuffer payload) throws IOException {
        String refused = connection.sendFromWorker(payload);
        if (refused != null) {
            counters.overflows++;
            queue(fromSlot, FrameType.SEND_FAILED, connection.sessionId(), refused.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * sendMessage between workers: the payload comes as u32 destination slot + message and leaves as
     * u32 source slot + message. Queued on the destination's link like any frame, so it waits there
     * while that slot's worker restarts, and one worker's messages to another keep their order.
     */
    private void forwardPipeMessage(int fromSlot, ByteBuffer payload) {
        int to = payload.remaining() >= Integer.BYTES ? payload.getInt() : -1;
        if (to < 0 || to >= workers.length) {
            Log.warn("worker#" + fromSlot + " sent a pipe message to worker#" + to + ", outside 0.."
                    + (workers.length - 1) + "; dropped");
            return;
        }
        ByteBuffer forwarded = ByteBuffer.allocate(Integer.BYTES + payload.remaining()).putInt(fromSlot).put(payload).flip();
        if (workers[to].append(FrameType.PIPE_MESSAGE, 0, forwarded)) {
            dirtyLinks.add(workers[to]);
        }
    }

    private void bind(ClientConnection connection, ByteBuffer payload) {
        if (!dispatcher.bindsUids() || payload.remaining() != Long.BYTES) {
            Log.warn("session " + SessionId.format(connection.sessionId()) + ": bind ignored ("
                    + (dispatcher.bindsUids() ? payload.remaining() + "-byte uid" : "dispatch_mode is not 5") + ")");
            return;
        }
        connection.moveHome(dispatcher.slotForUid(payload.getLong()));
    }
}
