package drover.worker.task;

import drover.common.link.UnixSockets;
import drover.common.process.BootFailure;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import drover.worker.AppLoader;
import drover.worker.AppLoopRole;
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
final class TaskWorker extends AppLoopRole {
    private final TaskWorkerLoop loop;

    private TaskWorker(TaskWorkerLoop loop) {
        super(loop); // DRAIN and STOP both end it gracefully: it answers every task it was sent first
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

    /** The socket file goes with the process, so a stopped task worker leaves nothing in the run dir. */
    @Override
    public void cleanUp() {
        loop.removeSocket();
    }
}
