package drover.worker;

import drover.common.frame.ControlMessage;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.LinkSecret;
import drover.common.link.ProcessRole;
import drover.common.link.UnixSockets;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStores;
import drover.common.process.BootFailure;
import drover.common.process.ChildContext;
import drover.common.process.ChildRole;
import drover.common.process.ExitCode;
import drover.common.process.LocalLink;
import drover.worker.websocket.WebSocketAppAdapter;
import drover.worker.api.DroverApp;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker process: loads the app, links to every reactor thread, runs onWorkerStart, then its loop;
 * its life is a ChildLifecycle.
 */
final class Worker extends AppLoopRole {
    private final WorkerLoop loop;

    private Worker(WorkerLoop loop) {
        super(loop);
        this.loop = loop;
    }

    static Worker boot(ChildContext context) throws BootFailure {
        return boot(context, null);
    }

    /**
     * @param connections server_mode=base: opens this worker's own listeners (no reactor link); null
     *                    in process mode
     */
    static Worker boot(ChildContext context, LocalLink.Opener connections) throws BootFailure {
        DroverApp app;
        try {
            app = AppLoader.load(context.args().appJar(), context.args().appOrigin(),
                    context.config().servesHttp(), context.config().servesPackets());
        } catch (AppLoader.AppLoadException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, e.getMessage(), e.getCause()); // the cause: a constructor's exception
        }
        if (connections != null && app instanceof WebSocketAppAdapter) {
            throw new BootFailure(ExitCode.BAD_CONFIG, "server_mode is base but the app is a WebSocketApp: base mode"
                    + " serves no WebSocket (its pushes reach other workers' connections through the reactor);"
                    + " use server_mode=process (docs/OPERATIONS.md, \"Base mode\")");
        }
        List<ReactorPeer> peers = connections != null ? List.of() : linkToReactors(context);
        WorkerLoop loop;
        try {
            loop = new WorkerLoop(context, app, peers, connections);
        } catch (WorkerLoop.ListenFailure e) {
            throw e.failure;
        } catch (IOException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, "cannot start the worker loop: " + e.getMessage());
        }
        try {
            app.onWorkerStart(loop.server(), context.args().slot());
        } catch (RuntimeException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, "onWorkerStart threw " + e, e);
        }
        loop.announceReady();
        return new Worker(loop);
    }

    private static List<ReactorPeer> linkToReactors(ChildContext context) throws BootFailure {
        List<ReactorPeer> peers = new ArrayList<>();
        int slot = context.args().slot();
        // the secret proves to the reactor that the manager started this worker (LinkGuard)
        Hello hello = new Hello(ProcessRole.WORKER, slot, ProcessHandle.current().pid(), LinkSecret.inherited());
        PayloadLimits limits = PayloadLimits.of(context.config());
        try {
            // peers in (reactor, thread) order: WorkerLoop finds a session's peer by that index
            for (int r = 0; r < context.config().reactorProcesses(); r++) {
                for (int t = 0; t < context.config().reactorNum(); t++) {
                    Path socket = context.runDir().reactorSocket(r, t);
                    SocketChannel channel = UnixSockets.connect(socket);
                    ReactorPeer peer = new ReactorPeer(r, t, channel, limits, PayloadStores.of(context.config()));
                    peer.append(FrameType.HELLO, 0, 0, slot, hello.encode());
                    peers.add(peer);
                }
            }
        } catch (IOException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, "cannot link to the reactor: " + e.getMessage());
        }
        return peers;
    }

    /** The reactor threads learn READY before the manager does. */
    @Override
    public void beforeReady() throws IOException {
        loop.flushDirty();
    }

    /** Base mode: the addresses this worker listens on, which the manager shows as the server's. */
    @Override
    public String readyText() {
        return loop.readyText();
    }

    @Override
    public String describe() {
        return "app " + loop.appName();
    }

    @Override
    public void onCommand(ControlMessage message) {
        if (message instanceof ControlMessage.TaskWorkers t) {
            loop.taskWorkers(t.ready());
        } else {
            super.onCommand(message);
        }
    }
}
