package drover.worker.task;

import drover.common.frame.FrameType;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import drover.worker.AppLoader;
import drover.worker.api.DroverApp;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * One task worker process: loads the app (in its own class loader, as a worker does), listens for
 * worker links on {@code task-<slot>-<generation>.sock}, runs onWorkerStart with the id
 * {@code worker_num + slot}, tells the manager it is ready, then runs its loop.
 */
final class TaskWorker {
    private final ChildContext context;
    private final TaskWorkerLoop loop;

    private TaskWorker(ChildContext context, TaskWorkerLoop loop) {
        this.context = context;
        this.loop = loop;
    }

    static TaskWorker boot(ChildContext context) {
        DroverApp app = null;
        try {
            app = AppLoader.load(context.args().appJar(), context.args().appOrigin(),
                    context.config().servesHttp(), context.config().servesPackets());
        } catch (AppLoader.AppLoadException e) {
            context.failBoot(ExitCode.BOOT_FAILED, e.getMessage(), e.getCause());
        }
        Path socket = context.runDir().taskSocket(context.args().slot(), context.args().generation());
        TaskWorkerLoop loop = null;
        try {
            ServerSocketChannel listener = UnixSockets.listen(socket);
            loop = new TaskWorkerLoop(context, app, listener, socket);
        } catch (IOException e) {
            context.failBoot(ExitCode.BOOT_FAILED, "cannot listen for workers: " + e.getMessage());
        }
        try {
            app.onWorkerStart(loop.server(), loop.server().workerId());
        } catch (RuntimeException e) {
            loop.removeSocket();
            context.failBoot(ExitCode.BOOT_FAILED, "onWorkerStart threw " + e, e);
        }
        return new TaskWorker(context, loop);
    }

    ExitCode run() {
        context.control().startReader(context.name() + "-control", this::onCommand, loop::managerGone);
        try {
            context.control().send(FrameType.READY, "");
        } catch (IOException e) {
            Log.error("cannot tell the manager this task worker is ready: " + e.getMessage());
            loop.removeSocket();
            return ExitCode.ORPHANED;
        }
        Log.info("ready: app " + loop.appName() + ", task worker id " + loop.server().workerId());
        return loop.run();
    }

    private void onCommand(FrameType type, String text) {
        switch (type) {
            case STOP, DRAIN -> loop.stop();
            default -> Log.warn("ignoring unexpected control frame " + type);
        }
    }
}
