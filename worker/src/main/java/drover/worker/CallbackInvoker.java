package drover.worker;

import drover.common.link.LinkInput;
import drover.common.log.Log;
import drover.common.session.SessionId;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.util.function.LongPredicate;

/**
 * Calls the app. Session callbacks run through the {@link CallbackRunner} keyed by session, so one
 * session's events keep their order in either worker_mode; pipe messages are keyed by their sender.
 * Lifecycle callbacks always run on the loop thread. Whatever the app throws is logged with its
 * session and goes no further: the worker and the connection carry on.
 */
final class CallbackInvoker {
    /** Ordering key of the pipe messages from one worker. */
    private record PipeSource(int workerId) {
    }

    private final DroverApp app;
    private final Server server;
    private final CallbackRunner runner;
    /**
     * worker_mode=loop: the callbacks of every packet are called here, without the two lambdas the
     * runner would take. The workers run C1 only, which allocates a capturing lambda through a slow
     * runtime call: 6 % of a worker's CPU under HTTP load (docs/benchmarks-history.md, "Worker CPU per request:
     * C1's slow calls").
     */
    private final boolean inline;
    /** The app overrides onReceive(Server, long, ByteBuffer). */
    private final boolean receivesBuffers;
    /** A stop ends the app's packet sessions itself: the app has no onDrain (AppServices). */
    private final boolean closesSessionsOnDrain;
    /** Whether a session sent a packet the app has not answered yet (SessionTable.awaitsReply). */
    private final LongPredicate awaitsReply;

    CallbackInvoker(DroverApp app, Server server, CallbackRunner runner) {
        this(app, server, runner, session -> false);
    }

    CallbackInvoker(DroverApp app, Server server, CallbackRunner runner, LongPredicate awaitsReply) {
        this.awaitsReply = awaitsReply;
        this.app = app;
        this.server = server;
        this.runner = runner;
        this.inline = runner instanceof CallbackRunner.LoopRunner;
        this.receivesBuffers = AppServices.receivesBuffers(app);
        this.closesSessionsOnDrain = AppServices.closesSessionsOnDrain(app);
    }

    /** Whether the app is handed packets in place (it takes ByteBuffers, on the loop thread): its links may then read large payloads in place too. */
    boolean lendsPackets() {
        return inline && receivesBuffers;
    }

    CallbackRunner runner() {
        return runner;
    }

    void connect(long session) {
        runner.ordered(session, () -> guard("onConnect", session, () -> app.onConnect(server, session)));
    }

    /**
     * A packet, in the link's buffer or payload ring, valid during this call only: an app that takes
     * ByteBuffers gets it lent on the loop thread, else (and in worker_mode=virtual) it gets a copy.
     */
    void receive(long session, ByteBuffer packet) {
        if (!receivesBuffers) {
            receive(session, LinkInput.bytes(packet));
        } else if (inline) {
            try {
                app.onReceive(server, session, packet);
            } catch (Exception | LinkageError e) { // as in guard
                logThrown("onReceive", session, e);
            }
        } else {
            ByteBuffer copy = ByteBuffer.wrap(LinkInput.bytes(packet));
            runner.ordered(session, () -> guard("onReceive", session, () -> app.onReceive(server, session, copy)));
        }
    }

    void receive(long session, byte[] data) {
        if (inline) {
            try {
                app.onReceive(server, session, data);
            } catch (Exception | LinkageError e) { // as in guard
                logThrown("onReceive", session, e);
            }
            return;
        }
        runner.ordered(session, () -> guard("onReceive", session, () -> app.onReceive(server, session, data)));
    }

    void close(long session) {
        runner.ordered(session, () -> guard("onClose", session, () -> app.onClose(server, session)));
    }

    void sendFailed(long session, String reason) {
        runner.ordered(session, () -> guard("onSendFailed", session, () -> app.onSendFailed(server, session, reason)));
    }

    void bufferFull(long session) {
        runner.ordered(session, () -> guard("onBufferFull", session, () -> app.onBufferFull(server, session)));
    }

    void bufferEmpty(long session) {
        runner.ordered(session, () -> guard("onBufferEmpty", session, () -> app.onBufferEmpty(server, session)));
    }

    /**
     * The server is stopping (SESSION_DRAIN). Without an onDrain of the app's, the session is closed
     * once the callbacks of what came before are done (what they sent goes out before the close),
     * unless it still awaits the app's reply (a task's onFinish, a timer's): the stop then waits for
     * it as it would with an onDrain, and closes it at the end of its reading window.
     */
    void drain(long session) {
        if (closesSessionsOnDrain) {
            runner.ordered(session, () -> {
                if (!awaitsReply.test(session)) {
                    server.close(session);
                }
            });
        } else {
            runner.ordered(session, () -> guard("onDrain", session, () -> app.onDrain(server, session)));
        }
    }

    void pipeMessage(int fromWorker, byte[] message) {
        runner.ordered(new PipeSource(fromWorker),
                () -> guard("onPipeMessage from worker#" + fromWorker, 0, () -> app.onPipeMessage(server, fromWorker, message)));
    }

    void finish(long taskId, byte[] result) {
        runner.unordered(() -> guard("onFinish of task " + taskId, 0, () -> app.onFinish(server, taskId, result)));
    }

    void taskFailed(long taskId, String reason) {
        runner.unordered(() -> guard("onTaskFailed of task " + taskId, 0, () -> app.onTaskFailed(server, taskId, reason)));
    }

    void timer(WorkerTimers.Timer timer) {
        runner.unordered(() -> guard("timer " + timer.id(), 0, () -> timer.callback().onTimer(timer.id())));
    }

    /** onWorkerExit, on the loop thread. */
    void workerExit() {
        guard("onWorkerExit", 0, () -> app.onWorkerExit(server, server.workerId()));
    }

    /** onWorkerStop, on the loop thread, after every other callback returned (or max_wait_time passed). */
    void workerStop() {
        guard("onWorkerStop", 0, () -> app.onWorkerStop(server, server.workerId()));
    }

    /**
     * LinkageError too: a NoClassDefFoundError from the app's own libraries is the app's bug, not a
     * broken JVM. Other Errors (out of memory) end the worker, and the manager starts a fresh one.
     */
    private static void guard(String callback, long session, Runnable call) {
        try {
            call.run();
        } catch (Exception | LinkageError e) { // Exception: a checked one may be thrown sneakily
            logThrown(callback, session, e);
        }
    }

    private static void logThrown(String callback, long session, Throwable e) {
        Log.error(callback + " threw" + (session == 0 ? "" : " for session " + SessionId.format(session)), e);
    }
}
