package drover.reactor;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameType;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.process.ChildContext;
import drover.common.process.ExitCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One reactor process: the TCP listener, reactor_num threads, and obedience to the manager. */
final class Reactor {
    private final ChildContext context;
    private final List<ReactorThread> threads = new ArrayList<>();
    private final List<Thread> running = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private volatile boolean stopRequested;
    private ServerSocketChannel listener;

    private Reactor(ChildContext context) {
        this.context = context;
    }

    static Reactor start(ChildContext context) {
        Reactor reactor = new Reactor(context);
        reactor.boot();
        return reactor;
    }

    private void boot() {
        DroverConfig config = context.config();
        InetSocketAddress address = config.listen().toSocketAddress();
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 4096);
            listener.configureBlocking(false);
        } catch (IOException e) {
            context.failBoot(ExitCode.LISTEN_FAILED, "cannot listen on " + config.listen() + ": " + e.getMessage());
        }
        int slot = context.args().slot();
        try {
            for (int t = 0; t < config.reactorNum(); t++) {
                Path socket = context.runDir().reactorSocket(slot, t);
                socketFiles.add(socket);
                ServerSocketChannel linkServer = UnixSockets.listen(socket);
                threads.add(new ReactorThread(slot, t, context.args().generation(), config, linkServer));
            }
            threads.getFirst().acceptFor(listener, threads);
        } catch (IOException e) {
            context.failBoot(ExitCode.BOOT_FAILED, "cannot open worker link sockets: " + e.getMessage());
        }
        for (ReactorThread t : threads) {
            Thread thread = new Thread(t, context.name() + "-thread-" + t.threadId());
            running.add(thread);
            thread.start();
        }
        String bound = describeBound();
        Log.info("listening on " + bound + " with " + threads.size() + " reactor threads");
        context.control().startReader(context.name() + "-control", this::onCommand, this::onManagerGone);
        try {
            context.control().send(FrameType.READY, bound);
        } catch (IOException e) {
            onManagerGone();
        }
    }

    private String describeBound() {
        try {
            InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
            String host = local.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + local.getPort();
        } catch (IOException e) {
            return context.config().listen().toString();
        }
    }

    private void onCommand(FrameType type, String text) {
        switch (type) {
            case DRAIN -> {
                Log.info("draining: no new connections");
                threads.forEach(ReactorThread::drain);
            }
            case STOP -> {
                stopRequested = true;
                Log.info("stopping");
                threads.forEach(ReactorThread::stop);
            }
            default -> Log.warn("ignoring unexpected control frame " + type);
        }
    }

    /** EOF on the control link: the manager is gone (maybe kill -9), so no child may outlive it. */
    private void onManagerGone() {
        if (!stopRequested) {
            Log.warn("the manager is gone; exiting");
            removeSocketFiles();
            Runtime.getRuntime().halt(ExitCode.ORPHANED.code());
        }
    }

    ExitCode awaitStopped() throws InterruptedException {
        for (Thread t : running) {
            t.join();
        }
        try {
            listener.close();
        } catch (IOException e) {
            Log.warn("listener close failed: " + e.getMessage());
        }
        removeSocketFiles();
        return ExitCode.OK;
    }

    private void removeSocketFiles() {
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                Log.warn("could not remove " + p + ": " + e.getMessage());
            }
        }
    }
}
