package drover.reactor.http;

import drover.common.frame.FrameType;
import drover.common.http.HttpDate;
import drover.common.http.HttpErrorResponse;
import drover.common.http.HttpStatus;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.LayerContext;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.PacketSink;
import drover.reactor.protocol.ProtocolLayer;
import drover.reactor.websocket.WebSocketPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * HTTP/1.1 as a layer (docs/HTTP.md): {@link HttpFramer} cuts the requests, and this layer keeps
 * what HTTP asks of the connection: its back-pressure (the next request is taken only while the
 * unsent output is under buffer_output_size and fewer than {@link #MAX_REQUESTS_IN_FLIGHT} are
 * unanswered), the 408 clock, the end of input after the last request, a 502 or a reset when the
 * worker dies, and a reset when a response does not fit the output ceiling.
 */
public final class HttpLayer implements ProtocolLayer {
    /**
     * The most requests of one connection handed to workers and not yet answered (pipelining depth).
     * With the output gate it bounds what a client that pipelines and does not read can make the
     * reactor hold, while still keeping a worker busy with the next request.
     */
    public static final int MAX_REQUESTS_IN_FLIGHT = 16;

    private final HttpFramer framer;
    private final long outputCeiling;
    private final HttpDate dates;
    private final LongSupplier nanoClock;
    private LayerContext context;
    private PacketSink sink;
    /** The framer holds the next request, and nothing is read, until there is room. */
    private boolean held;
    /** A timer is pending for the request under way (at most one per connection). */
    private boolean deadlineArmed;
    /** Null when the listener serves no WebSocket. */
    private final UpgradeGate upgrades;
    /** The server is stopping: the connection closes after its next response, or now when idle. */
    private boolean draining;
    /** A request came on this connection: a connection taken from the backlog at a stop is not idle before its first. */
    private boolean served;
    /**
     * A drain closes an idle keep-alive connection at once (process mode: the reactor's stop). False in
     * server_mode=base, where every retiring worker drains: closing an idle connection races the
     * client's next request on it, which would fail; the next request gets Connection: close instead.
     */
    private final boolean closesIdleOnDrain;

    /**
     * @param outputCeiling the most bytes a connection's output may hold, a response under way
     *                      included: buffer_output_size plus the largest message
     * @param dates         the thread's Date header cache, for the 502
     */
    public HttpLayer(HttpLimits limits, long outputCeiling, HttpDate dates, LongSupplier nanoClock) {
        this(limits, outputCeiling, dates, nanoClock, null);
    }

    /** @param webSocket how upgraded connections behave; null: no WebSocket, an upgrade request is plain HTTP */
    public HttpLayer(HttpLimits limits, long outputCeiling, HttpDate dates, LongSupplier nanoClock,
                     WebSocketPolicy webSocket) {
        this(limits, outputCeiling, dates, nanoClock, webSocket, true);
    }

    /** @param closesIdleOnDrain whether a drain closes an idle keep-alive connection now (else after its next request) */
    public HttpLayer(HttpLimits limits, long outputCeiling, HttpDate dates, LongSupplier nanoClock,
                     WebSocketPolicy webSocket, boolean closesIdleOnDrain) {
        this.closesIdleOnDrain = closesIdleOnDrain;
        this.upgrades = webSocket == null ? null : new UpgradeGate(webSocket, outputCeiling);
        this.framer = new HttpFramer(limits, nanoClock);
        this.outputCeiling = outputCeiling;
        this.dates = dates;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onAttach(LayerContext context) {
        this.context = context;
        this.sink = this::passUp;
    }

    private void passUp(ByteBuffer request) {
        served = true;
        if (upgrades != null && upgrades.intercepts(request, context)) {
            // refused here, or waiting for the worker's onHandshake: nothing more is read meanwhile
            held = true;
            framer.holdBetweenRequests(true);
            context.holdInput(true);
            return;
        }
        context.passUp(request);
        if (!held && !mayTakeRequest()) {
            held = true;
            framer.holdBetweenRequests(true);
            context.holdInput(true);
        }
    }

    @Override
    public int onInput(ByteBuffer in, LayerContext context) {
        framer.frame(in, sink);
        afterInput();
        return 0; // body bytes are consumed as they come: the input never needs to hold more than a head
    }

    /**
     * The framer is done with this client after a request that ends the connection or a refusal, so
     * nothing more is read: the worker writes the last response and closes. Otherwise, when a request
     * is under way, a timer checks its 408 deadline.
     */
    private void afterInput() {
        if (!framer.wantsInput()) {
            context.finishInput();
        } else {
            armRequestDeadline();
        }
    }

    private void armRequestDeadline() {
        if (deadlineArmed || !framer.hasDeadline()) {
            return;
        }
        deadlineArmed = true;
        context.schedule(Math.max(0, framer.deadlineNanos() - nanoClock.getAsLong()), this::checkRequestDeadline);
    }

    private void checkRequestDeadline() {
        deadlineArmed = false;
        if (framer.expire(nanoClock.getAsLong(), sink)) { // the worker answers 408 and closes
            context.count(LayerEvent.REQUEST_TIMEOUT);
            context.finishInput();
        } else {
            armRequestDeadline();
        }
    }

    /** The client closed its side: the worker closes after the responses owed (RFC 9112 9.6). */
    @Override
    public void onInputEnd(LayerContext context) {
        framer.endOfInput(sink);
        context.finishInput();
    }

    @Override
    public void onOutputWritten(LayerContext context) throws IOException {
        takeHeldRequests(); // the client read some: maybe room for its next request
        closeIfIdle();
    }

    @Override
    public void onResponseEnd(LayerContext context) throws IOException {
        takeHeldRequests();
        closeIfIdle();
    }

    /**
     * The server is stopping: the next request is the connection's last (its response says
     * Connection: close, as nginx does at a graceful stop); a connection with no request under way
     * is closed now, so an idle keep-alive client reconnects elsewhere.
     */
    @Override
    public boolean onDrain(LayerContext context) throws IOException {
        draining = true;
        framer.takeLastRequest();
        closeIfIdle();
        return true;
    }

    // Idle: a request came and was answered, none is in flight, begun or held back, and the framer is
    // still open (once closed, the worker closes after the last response itself).
    private void closeIfIdle() throws IOException {
        if (closesIdleOnDrain && draining && served && !held && context.messagesInFlight() == 0 && framer.wantsInput() && !framer.requestUnderWay()) {
            context.closeAfterOutput();
        }
    }

    private boolean mayTakeRequest() {
        return context.pendingOutput() < context.bufferOutputSize()
                && context.messagesInFlight() < MAX_REQUESTS_IN_FLIGHT;
    }

    /** There is room again: the connection offers the requests already read, then reads the client again. */
    private void takeHeldRequests() {
        if (upgrades != null && upgrades.pending()) {
            upgrades.afterResponse(context);
            return; // what follows an upgrade request is not HTTP: read nothing until the worker decides
        }
        if (held && mayTakeRequest()) {
            held = false;
            framer.holdBetweenRequests(false);
            context.holdInput(false);
        }
    }

    /** The worker's onHandshake accepted the upgrade (RESPONSE_END with FrameType.WEBSOCKET_FLAG). */
    @Override
    public boolean onLayerFrame(FrameType type, int flags, ByteBuffer payload, LayerContext context) throws IOException {
        if (type != FrameType.RESPONSE_END || upgrades == null) {
            return false;
        }
        return upgrades.accepted(StandardCharsets.UTF_8.decode(payload).toString(), context);
    }

    @Override
    public boolean answersEachMessage() {
        return true;
    }

    @Override
    public long outputLimit(LayerContext context) {
        return outputCeiling;
    }

    /** An HTTP response must never be cut short silently: the client sees a reset, the worker hears why. */
    @Override
    public void onOutputRefused(String why, LayerContext context) {
        Log.warnThrottled("output buffer full", "session " + SessionId.format(context.sessionId()) + " from "
                + context.remoteAddress() + ": " + why + "; the response cannot be queued, resetting the connection");
        context.abort(CloseReason.OUTPUT_OVERFLOW);
    }

    /**
     * A 502 with Connection: close when nothing of the current response was written, else a reset (a
     * response cut short must not look whole); whether the exit was expected or not.
     */
    @Override
    public boolean onWorkerLost(boolean answerStarted, boolean expected, LayerContext context) throws IOException {
        if (answerStarted) {
            context.abort(CloseReason.WORKER_EXITED);
        } else {
            // closing first, so no request pipelined behind is taken while it is written
            context.closeWith(ByteBuffer.wrap(HttpErrorResponse.bytes(HttpStatus.BAD_GATEWAY,
                    dates.at(System.currentTimeMillis()))));
        }
        return true;
    }

    @Override
    public String toString() {
        return "HTTP/1.1";
    }
}
