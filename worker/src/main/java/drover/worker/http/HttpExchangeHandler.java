package drover.worker.http;

import drover.common.http.ResponseSummary;
import drover.common.http.HttpDate;
import drover.common.http.HttpErrorResponse;
import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.common.http.HttpPacketFormatException;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Serves an {@link HttpApp} from the packets of an HTTP listener: requests go to the app, owed 100
 * Continues and rejections are answered here, all through each session's {@link ResponsePipeline}
 * so they leave in request order. {@link #onReceive} and {@link #onClose} come in order for one
 * session, from the loop thread or (worker_mode=virtual) from that session's virtual thread, so
 * different sessions' calls run at the same time; responses may end on any thread.
 */
public final class HttpExchangeHandler {
    /** What the handler needs of the server: sending a session's bytes, and closing it. */
    public interface Sessions {
        boolean send(long sessionId, byte[] data);

        boolean close(long sessionId);

        /**
         * The session's oldest response is whole. The reactor counts its requests in flight by it
         * (back-pressure, and a 502 for those a dying worker held); the worker's own handle sends it.
         */
        default void responseEnded(long sessionId) {
        }

        /** http_access_log is on: each response's end carries its summary ({@link ResponseSummary}). */
        default boolean wantsResponseSummaries() {
            return false;
        }

        /** As {@link #responseEnded(long)}, with the response's summary for the reactor's access log. */
        default void responseEnded(long sessionId, byte[] summary) {
            responseEnded(sessionId);
        }
    }

    private final HttpApp app;
    private final Server server; // null only for a handler measured alone (the benchmark's)
    private final Sessions sessions;
    private final LongSupplier epochMillis;
    private final HttpDate dates = new HttpDate();
    /**
     * Concurrent: in worker_mode=virtual each session's packets and close come on that session's own
     * virtual thread, so sessions open and drop their pipelines at the same time (a HashMap lost a
     * fresh connection's request to a ConcurrentModificationException about once in 5,000).
     */
    private final Map<Long, ResponsePipeline> pipelines = new ConcurrentHashMap<>();
    // made once rather than per request: workers run C1, which allocates a method reference through
    // a slow runtime call (docs/benchmarks-history.md, "Worker CPU per request: C1's slow calls")
    private final Function<Long, ResponsePipeline> pipelineFactory = this::newPipeline;
    private final Supplier<String> dateSource = this::date;
    /** http_access_log: responses are measured and their summaries sent with RESPONSE_END. */
    private final boolean summaries;

    public HttpExchangeHandler(HttpApp app, Server server, LongSupplier epochMillis) {
        this(app, server, server instanceof Sessions own ? own : new Sessions() {
            @Override
            public boolean send(long sessionId, byte[] data) {
                return server.send(sessionId, data);
            }

            @Override
            public boolean close(long sessionId) {
                return server.close(sessionId);
            }
        }, epochMillis);
    }

    /** Without a server handle, for measuring the handler alone: the app must not call Request.server(). */
    public HttpExchangeHandler(HttpApp app, Sessions sessions, LongSupplier epochMillis) {
        this(app, null, sessions, epochMillis);
    }

    private HttpExchangeHandler(HttpApp app, Server server, Sessions sessions, LongSupplier epochMillis) {
        this.app = app;
        this.server = server;
        this.sessions = sessions;
        this.epochMillis = epochMillis;
        this.summaries = sessions.wantsResponseSummaries();
    }

    /**
     * One DATA frame's payload from the reactor.
     *
     * @throws HttpPacketFormatException when the packet is not in the agreed encoding (a bug or a
     *                                   reactor of another version); the session is closed
     */
    public void onReceive(long sessionId, byte[] packet) throws HttpPacketFormatException {
        HttpPacket decoded;
        try {
            decoded = HttpPacketDecoder.decode(packet);
        } catch (HttpPacketFormatException e) {
            sessions.close(sessionId);
            throw e;
        }
        ResponsePipeline.Slot slot = pipelines.computeIfAbsent(sessionId, pipelineFactory).open();
        if (summaries && decoded instanceof HttpPacket.Request request) {
            slot.requestLine(ResponseSummary.requestLine(request.message()));
        }
        switch (decoded) {
            case HttpPacket.Request request -> serve(new RequestView(server, sessionId, request.message()), slot);
            case HttpPacket.ContinueOwed owed -> {
                slot.send(HttpErrorResponse.CONTINUE.clone());
                slot.finish(false);
            }
            case HttpPacket.InputEnded ended -> slot.finish(true); // nothing to write: close after the earlier responses
            case HttpPacket.Rejected rejected -> {
                Log.debug("session " + SessionId.format(sessionId) + ": " + rejected.status().code() + " "
                        + rejected.why());
                slot.send(HttpErrorResponse.bytes(rejected.status(), date()));
                slot.finish(true);
            }
        }
    }

    /** The session ended: responses still held or ended later are dropped. */
    public void onClose(long sessionId) {
        ResponsePipeline pipeline = pipelines.remove(sessionId);
        if (pipeline != null) {
            pipeline.discard();
        }
    }

    private void serve(RequestView request, ResponsePipeline.Slot slot) {
        ResponseWriter response = new ResponseWriter(request.message(), slot, dateSource);
        try {
            app.onRequest(request, response);
        } catch (RuntimeException e) {
            Log.error("session " + SessionId.format(request.sessionId()) + ": onRequest failed for "
                    + request.method() + " " + request.path() + (response.headSent() ? "; closing" : "; answered 500"), e);
            response.fail();
        }
    }

    private ResponsePipeline newPipeline(long sessionId) {
        return new ResponsePipeline(summaries, new ResponsePipeline.Connection() {
            @Override
            public void send(byte[] bytes) {
                sessions.send(sessionId, bytes);
            }

            @Override
            public void responseEnded(byte[] summary) {
                if (summary == null) {
                    sessions.responseEnded(sessionId);
                } else {
                    sessions.responseEnded(sessionId, summary);
                }
            }

            @Override
            public void close() {
                sessions.close(sessionId);
            }
        });
    }

    private synchronized String date() {
        return dates.at(epochMillis.getAsLong());
    }
}
