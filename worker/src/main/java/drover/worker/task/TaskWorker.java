package drover.worker.task;

import drover.common.link.UnixSockets;
import drover.common.loop.EventLoop;
import drover.common.process.BootFailure;
import drover.common.process.ChildContext;
import drover.common.process.ChildRole;
import drover.common.process.ExitCode;
import drover.worker.AppLoader;
import drover.worker.api.DroverApp;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * One task worker process: loads the app (in its own class loader, as a worker does), listens for
 * worker links on {@code task-<slot>-<generation>.sock}, runs onWorkerStart with the id
 * {@code worker_num + slot}, tells the manager it is ready, then runs its loop; its life is a
 * ChildLifecycle.
 */
final class TaskWorker implements ChildRole {
    private final TaskWorkerLoop loop;
    /** DRAIN or STOP came: a lost manager no longer ends this process at once (a lost link does not count). */
    private volatile boolean stopRequested;

    private TaskWorker(TaskWorkerLoop loop) {
        this.loop = loop;
    }

    static TaskWorker boot(ChildContext context) throws BootFailure {
        DroverApp app;
        try {
            app = AppLoader.load(context.args().appJar(), context.args().appOrigin(),
                    context.config().servesHttp(), context.config().servesPackets());
        } catch (AppLoader.AppLoadException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, e.getMessage(), e.getCause());
        }
        Path socket = context.runDir().taskSocket(context.args().slot(), context.args().generation());
        TaskWorkerLoop loop;
        try {
            ServerSocketChannel listener = UnixSockets.listen(socket);
            loop = new TaskWorkerLoop(context, app, listener, socket);
        } catch (IOException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, "cannot listen for workers: " + e.getMessage());
        }
        try {
            app.onWorkerStart(loop.server(), loop.server().workerId());
        } catch (RuntimeException e) {
            loop.removeSocket();
            throw new BootFailure(ExitCode.BOOT_FAILED, "onWorkerStart threw " + e, e);
        }
        return new TaskWorker(loop);
    }

    @Override
    public String describe() {
        return "app " + loop.appName() + ", task worker id " + loop.server().workerId();
    }

    /** DRAIN and STOP both end a task worker gracefully: it answers every task it was sent first. */
    @Override
    public void drain() {
        stopRequested = true;
        loop.stop();
    }

    @Override
    public void stop() {
        stopRequested = true;
        loop.stop();
    }

    @Override
    public EventLoop heartbeatLoop() {
        return loop.eventLoop();
    }

    @Override
    public long onHeartbeat(long nowNanos) {
        return loop.onHeartbeat(nowNanos);
    }

    @Override
    public boolean stopping() {
        return stopRequested;
    }

    @Override
    public ExitCode run() {
        return loop.run();
    }

    /** The socket file goes with the process, so a stopped task worker leaves nothing in the run dir. */
    @Override
    public void cleanUp() {
        loop.removeSocket();
    }
}
