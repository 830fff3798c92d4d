package drover.reactor;

import drover.common.config.DroverConfig;
import drover.common.config.HostPort;
import drover.common.config.ListenerSpec;
import drover.common.frame.ControlMessage;
import drover.common.link.UnixSockets;
import drover.common.log.Log;
import drover.common.payload.PayloadStores;
import drover.common.payload.ShmRingStore;
import drover.common.process.BootFailure;
import drover.common.process.ChildContext;
import drover.common.process.ChildRole;
import drover.common.process.ExitCode;
import drover.common.process.HeapTrim;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One reactor process: the TCP listeners and reactor_num threads; its life is a ChildLifecycle. */
final class Reactor implements ChildRole {
    /** Linux caps it at net.core.somaxconn; a large value lets bursts of connects wait instead of being refused. */
    private static final int BACKLOG = 4096;
    private static final long STATS_TIMEOUT_MILLIS = 1000;

    private final ChildContext context;
    private final List<ReactorThread> threads = new ArrayList<>();
    private final List<Thread> running = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final ConnectionQuota quota;
    private volatile boolean stopRequested;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private String bound = "";

    private Reactor(ChildContext context) {
        this.context = context;
        this.quota = new ConnectionQuota(context.config().maxConn());
    }

    /** Listens, opens the worker link sockets and starts the reactor threads. */
    static Reactor boot(ChildContext context) throws BootFailure {
        Reactor reactor = new Reactor(context);
        try {
            reactor.bootThreads();
        } catch (BootFailure failure) {
            reactor.cleanUp();
            throw failure;
        }
        return reactor;
    }

    private void bootThreads() throws BootFailure {
        DroverConfig config = context.config();
        for (HostPort address : config.listen()) {
            try {
                listeners.add(listen(address, context.config().reactorProcesses() > 1));
            } catch (IOException e) {
                throw new BootFailure(ExitCode.LISTEN_FAILED, "cannot listen on " + address + ": " + e.getMessage());
            }
        }
        int slot = context.args().slot();
        try {
            for (int t = 0; t < config.reactorNum(); t++) {
                Path socket = context.runDir().reactorSocket(slot, t);
                socketFiles.add(socket);
                ServerSocketChannel linkServer = UnixSockets.listen(socket);
                threads.add(new ReactorThread(slot, t, context.args().generation(), config, linkServer, quota));
            }
            threads.getFirst().acceptFor(listeners, config.listeners(), threads);
            threads.getFirst().trimHeap(new HeapTrim()); // the heap is the process's: one thread watches it
        } catch (IOException e) {
            throw new BootFailure(ExitCode.BOOT_FAILED, "cannot open worker link sockets: " + e.getMessage());
        }
        for (ReactorThread t : threads) {
            // as if killed: the manager starts a new reactor, and the workers reconnect to it
            t.onCrash(e -> Runtime.getRuntime().halt(ExitCode.CRASHED.code()));
            Thread thread = new Thread(t, context.name() + "-thread-" + t.threadId());
            running.add(thread);
            thread.start();
        }
        bound = describeBound();
    }

    @Override
    public String readyText() {
        return bound;
    }

    @Override
    public String describe() {
        return "listening on " + bound + " with " + threads.size() + " reactor threads";
    }

    private static ServerSocketChannel listen(HostPort address, boolean sharedPort) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (sharedPort) {
                // reactor_processes > 1: the kernel spreads new connections over every reactor's listener
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(address.toSocketAddress(), BACKLOG);
            listener.configureBlocking(false);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * "127.0.0.1:9501, [::1]:9502, 0.0.0.0:8080/http": each address as configured (so IPv6 stays in
     * its short form) with the port really bound (port 0 resolved) and the protocol its entry named,
     * for READY, the status and the log.
     */
    private String describeBound() {
        List<String> bound = new ArrayList<>();
        List<ListenerSpec> configured = context.config().listeners();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSpec spec = configured.get(i);
            String suffix = spec.toString().substring(spec.address().toString().length());
            try {
                int port = ((InetSocketAddress) listeners.get(i).getLocalAddress()).getPort();
                bound.add(new HostPort(spec.address().host(), port) + suffix);
            } catch (IOException e) {
                bound.add(spec + " (unknown: " + e.getMessage() + ")");
            }
        }
        return String.join(", ", bound);
    }

    @Override
    public void drain() {
        Log.info("draining: no new connections");
        threads.forEach(ReactorThread::drain);
    }

    @Override
    public void stop() {
        stopRequested = true;
        Log.info("stopping");
        threads.forEach(ReactorThread::stop);
    }

    @Override
    public boolean stopping() {
        return stopRequested;
    }

    @Override
    public void onCommand(ControlMessage message) {
        switch (message) {
            case ControlMessage.CountersRequest r -> answerStats();
            case ControlMessage.WorkerCount w -> setWorkerCount(w.count());
            default -> Log.warn("ignoring unexpected control message " + message);
        }
    }

    private void setWorkerCount(int count) {
        if (count > WorkerRouter.MAX_WORKER_SLOTS) {
            Log.warn("ignoring WORKER_COUNT " + count + ": outside 1.." + WorkerRouter.MAX_WORKER_SLOTS);
            return;
        }
        threads.forEach(t -> t.setWorkerCount(count));
    }

    /**
     * STATS: each thread copies its own counters on its loop (they are plain fields), and the sum
     * goes back to the manager as a flat JSON object (docs/FRAMES.md). Never blocks the control reader.
     */
    private void answerStats() {
        List<CompletableFuture<ReactorCounters>> parts = threads.stream().map(ReactorThread::snapshot).toList();
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .orTimeout(STATS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    ReactorCounters total = new ReactorCounters();
                    int missing = 0;
                    for (CompletableFuture<ReactorCounters> part : parts) {
                        if (part.isDone() && !part.isCompletedExceptionally()) {
                            total.add(part.join());
                        } else {
                            missing++;
                        }
                    }
                    if (PayloadStores.of(context.config()) instanceof ShmRingStore rings) {
                        total.largeReturned = rings.handedBackPayloads();
                    }
                    Map<String, Long> counters = total.asMap();
                    if (missing > 0) { // a stopping thread: say so rather than under-count silently
                        counters.put("threads_missing", (long) missing);
                    }
                    try {
                        context.control().send(new ControlMessage.Counters(counters));
                    } catch (IOException e) {
                        Log.warn("could not send stats to the manager: " + e.getMessage());
                    }
                });
    }

    @Override
    public ExitCode run() throws InterruptedException {
        for (Thread t : running) {
            t.join();
        }
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                Log.warn("listener close failed: " + e.getMessage());
            }
        }
        return ExitCode.OK;
    }

    @Override
    public void cleanUp() {
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                Log.warn("could not remove " + p + ": " + e.getMessage());
            }
        }
    }
}
