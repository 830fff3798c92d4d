package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.CountersRequest;
import drover.common.frame.ControlMessage.Reply;
import drover.common.frame.ControlMessage.Stop;
import drover.common.frame.ControlMessage.TaskWorkers;
import drover.common.frame.ControlMessage.WorkerCount;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.common.payload.PayloadStores;
import drover.common.process.ExitCode;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.ManagerClock;
import drover.manager.child.Slot;
import drover.manager.control.SystemdNotify;
import drover.manager.launch.AppJars;
import drover.manager.launch.ChildLauncher;
import drover.manager.reload.WorkerReload;
import drover.manager.supervise.SupervisorEvent.ChildBeat;
import drover.manager.supervise.SupervisorEvent.ChildBootFailed;
import drover.manager.supervise.SupervisorEvent.ChildExited;
import drover.manager.supervise.SupervisorEvent.ChildLinked;
import drover.manager.supervise.SupervisorEvent.ChildReady;
import drover.manager.supervise.SupervisorEvent.ChildRecycleRequested;
import drover.manager.supervise.SupervisorEvent.ChildStats;
import drover.manager.supervise.SupervisorEvent.ChildUnlinked;
import drover.manager.supervise.SupervisorEvent.ControlRequested;
import drover.manager.supervise.SupervisorEvent.SignalReceived;
import drover.manager.supervise.SupervisorEvent.SnapshotRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import sun.misc.Signal;

/**
 * Manager JVM. One loop owns every piece of supervisor state; signal handlers, child exits and
 * control requests only {@link #post} events. Boot: the reactors and the task workers first, then
 * the workers once every reactor listens. The slots are kept filled by the {@link SlotKeeper}
 * (respawns with back-off, reload and recycle swaps); this class owns the server's phase, boot,
 * stop, hang watch and the control commands. Time is the injected {@link ManagerClock}, and
 * {@link #step} is one turn of the loop, so tests drive it without waiting.
 */
final class Supervisor {
    private static final long BOOT_ERROR_EXIT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STATS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest an exit waits for its child's control link to be read to the end (onChildExited). */
    private static final long EXIT_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    private final DroverConfig config;
    private final ManagerClock clock;
    private final Instant startedAt;
    private final Children children;
    private final SlotKeeper keeper;
    private final WorkerScaling scaling;
    private final StopOrder stopOrder;
    private final HangWatch hangWatch;
    private final TlsRotation tls;
    private final List<CompletableFuture<Reply>> readyWaiters = new ArrayList<>();
    /** Told READY, RELOADING and STOPPING when systemd runs this manager (Type=notify); else a no-op. */
    private final SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv());
    private ServerPhase phase = ServerPhase.BOOTING;
    private ExitCode exitCode = ExitCode.OK;
    private long nextStatsNanos;
    private String listening = "";
    /** When the drain began (DRAINING only). */
    private long drainStartedNanos;
    /** Why a stop waits for drain_delay to pass; null while none was asked. */
    private String stopAfterDrain;

    Supervisor(DroverConfig config, ChildLauncher launcher, AppJars appJars) {
        this(config, launcher, appJars, ManagerClock.SYSTEM);
    }

    /** With the clock its deadlines are kept by (a test's is a fake one). */
    Supervisor(DroverConfig config, ChildLauncher launcher, AppJars appJars, ManagerClock clock) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.now();
        this.nextStatsNanos = clock.nanoTime();
        this.children = new Children(config, launcher, clock, this::post);
        this.keeper = new SlotKeeper(config, clock, children, appJars, () -> phase, this::spawnFailed, systemd);
        this.scaling = new WorkerScaling(config, clock, children, keeper);
        this.stopOrder = new StopOrder(children);
        this.hangWatch = new HangWatch(config.workerTimeout(), config.reloadReadyTimeout());
        this.tls = TlsRotation.of(config);
    }

    /** The only method other threads may call. */
    void post(SupervisorEvent event) {
        events.add(event);
    }

    void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT", "USR1", "USR2", "HUP", "TTIN", "TTOU"}) {
            Signal.handle(new Signal(name), sig -> post(new SignalReceived(sig.getName())));
        }
    }

    ExitCode run() throws InterruptedException {
        start();
        while (phase != ServerPhase.STOPPED) {
            step(events.poll(millisUntilNextDeadline(), TimeUnit.MILLISECONDS));
        }
        return exitCode;
    }

    /** Spawns the reactors and the task workers; the workers follow once every reactor listens. */
    void start() {
        Log.info("starting: " + config.workerNum() + " workers, " + config.taskWorkerNum() + " task workers, "
                + (config.baseMode() ? "no reactor (server_mode=base)"
                        : config.reactorProcesses() + " reactor process(es) of " + config.reactorNum() + " threads")
                + ", listen "
                + config.listen().stream().map(Object::toString).collect(Collectors.joining(", "))
                + ", run_dir " + config.runDir());
        for (int r = 0; r < children.reactorCount(); r++) {
            keeper.fill(new Slot(ProcessRole.REACTOR, r));
        }
        for (int t = 0; t < keeper.slotCount(ProcessRole.TASK_WORKER); t++) { // they need no reactor: they start alongside
            keeper.fill(new Slot(ProcessRole.TASK_WORKER, t));
        }
        if (children.reactorCount() == 0) { // server_mode=base: the workers listen themselves
            keeper.fillEmptyWorkerSlots();
        }
    }

    /** One turn of the loop: the event, if one came, then whatever deadline is due by the clock. */
    void step(SupervisorEvent event) {
        try {
            if (event != null) {
                handle(event);
            }
            enforceDeadlines();
            keeper.announceTaskWorkers();
        } catch (RuntimeException e) {
            Log.error("supervisor: failed handling " + event, e);
        }
    }

    /** Turns the loop, without waiting, until no event is queued (the tests' scheduler). */
    void stepUntilIdle() {
        do {
            step(events.poll()); // a turn may post (a kill's exit), so the queue is looked at again
        } while (!events.isEmpty());
    }

    private void handle(SupervisorEvent event) {
        switch (event) {
            case SignalReceived s -> onSignal(s.name());
            case ChildLinked l -> onChildLinked(l);
            case ChildUnlinked u -> onChildUnlinked(u);
            case ChildReady r -> onChildReady(r);
            case ChildBootFailed f -> onChildBootFailed(f);
            case ChildExited e -> onChildExited(e);
            case ChildBeat b -> withChild(b.pid(), child -> child.beat(clock.nanoTime(), b.requests()));
            case ChildRecycleRequested r -> withChild(r.pid(), child -> keeper.recycleRequested(child, r.reason()));
            case ChildStats st -> withChild(st.pid(), child -> child.counters(st.counters()));
            case ControlRequested c -> onControl(c);
            case SnapshotRequested r -> r.reply().complete(AdminSnapshot.of(this));
        }
    }

    // ---- events ----

    /** Events of a child whose exit was handled already are dropped. */
    private void withChild(long pid, Consumer<Child> action) {
        Child child = children.byPid(pid);
        if (child != null) {
            action.accept(child);
        }
    }

    private void onSignal(String name) {
        Log.info("received SIG" + name);
        switch (name) {
            case "TERM", "INT" -> requestStop("SIG" + name);
            case "USR1" -> keeper.reload().request(false);
            case "USR2" -> keeper.reload().request(true);
            case "HUP" -> {
                Log.reopen();
                tls.reloadOnSignal(children);
            }
            case "TTIN" -> scaling.addWorker(phase);
            case "TTOU" -> scaling.removeWorker(phase);
            default -> Log.warn("no action for SIG" + name);
        }
    }

    private void onChildLinked(ChildLinked linked) {
        Child child = children.byPid(linked.pid());
        if (child == null) {
            Log.warn("control link from unknown pid " + linked.pid() + "; closing it");
            linked.connection().close();
            return;
        }
        child.attach(linked.connection());
        if (child.slot().role() == ProcessRole.WORKER) {
            Children.tell(child, new TaskWorkers(keeper.announcedTaskWorkers()));
        }
        boolean stopNow = child.slot().role() != ProcessRole.TASK_WORKER || !children.anyOf(ProcessRole.WORKER);
        if (phase == ServerPhase.STOPPING && stopNow) {
            Children.tell(child, new Stop());
        }
    }

    private void onChildReady(ChildReady ready) {
        Child child = children.byPid(ready.pid());
        if (child == null || child.state() != ChildState.STARTING) {
            return;
        }
        child.markReady(ready.detail(), clock.nanoTime());
        keeper.childReady(child);
        Log.info(child.describe() + " ready" + (ready.detail().isEmpty() ? "" : ": " + ready.detail()));
        if (phase == ServerPhase.STOPPING) {
            return;
        }
        if (child.slot().role() == ProcessRole.REACTOR) {
            listening = ready.detail();
            int workerCount = keeper.slotCount(ProcessRole.WORKER);
            if (workerCount != config.workerNum()) {
                Children.tell(child, new WorkerCount(workerCount)); // TTIN/TTOU changed it
            }
            keeper.fillEmptyWorkerSlots();
            return;
        }
        if (config.baseMode() && child.slot().role() == ProcessRole.WORKER && !ready.detail().isEmpty()) {
            listening = ready.detail(); // base mode: each worker binds every listener, and says where
        }
        if (keeper.swapTookReady(child)) {
            return;
        }
        if (phase == ServerPhase.BOOTING && keeper.slots().allReady()) {
            phase = ServerPhase.RUNNING;
            int taskWorkerCount = keeper.slotCount(ProcessRole.TASK_WORKER);
            Log.info("server running: listening on " + listening + " with " + keeper.slotCount(ProcessRole.WORKER) + " workers"
                    + (taskWorkerCount == 0 ? "" : " and " + taskWorkerCount + " task workers"));
            systemd.ready("listening on " + listening);
            readyWaiters.forEach(w -> w.complete(Reply.ok(listening)));
            readyWaiters.clear();
            keeper.reload().onServerRunning();
        }
    }

    private void onChildUnlinked(ChildUnlinked unlinked) {
        Child child = children.byPid(unlinked.pid());
        if (child != null) {
            child.markUnlinked();
            if (child.exitHeld()) {
                onChildExited(new ChildExited(child, child.heldExitCode()));
            }
        }
    }

    private void releaseOverdueExits(long now) {
        List<Child> overdue = children.all().stream()
                .filter(c -> c.exitHeld() && now - c.exitHeldAtNanos() >= EXIT_HOLD_NANOS).toList();
        for (Child child : overdue) {
            child.markUnlinked();
            onChildExited(new ChildExited(child, child.heldExitCode()));
        }
    }

    /**
     * The reason is logged once: here, or by what the failure ends (the start's failure while booting,
     * a reload's or a recycle's), never both.
     */
    private void onChildBootFailed(ChildBootFailed failed) {
        Child child = children.byPid(failed.pid());
        if (child == null) {
            Log.error("pid " + failed.pid() + " failed to boot: " + failed.message());
            return;
        }
        child.bootFailed(failed.message()); // its exit is then no surprise
        if (keeper.swapTookBootFailure(child, failed.message())) {
            return;
        }
        if (phase != ServerPhase.BOOTING) {
            Log.error(child.describe() + " failed to boot: " + failed.message());
        }
        // the exit follows at once and carries the exit code (LISTEN_FAILED, BOOT_FAILED); make sure it comes
        child.killAt(clock.nanoTime() + BOOT_ERROR_EXIT_GRACE_NANOS);
    }

    /**
     * A child that failed to boot writes BOOT_ERROR and exits at once, and its exit can reach this loop
     * before the control reader has posted the frame: the failure would then be reported without its
     * reason. So an exit waits until the child's link has been read to the end (EOF comes as soon as
     * the process is gone), or EXIT_HOLD_NANOS at most. That holds for a starting child not linked yet
     * too: the reader may not have read its HELLO when the exit comes (one that never connected is
     * held the full EXIT_HOLD_NANOS).
     */
    private void onChildExited(ChildExited exited) {
        Child child = exited.child();
        if (child.linkBeingRead() && !child.exitHeld()) {
            child.holdExit(exited.exitCode(), clock.nanoTime());
            return;
        }
        children.remove(child);
        if (child.slot().role() == ProcessRole.TASK_WORKER) {
            children.removeTaskSocket(child); // a task worker removes its own on a clean exit; a killed one cannot
        }
        boolean expected = child.state() == ChildState.STOPPING || child.state() == ChildState.DRAINING;
        child.moveTo(ChildState.EXITED);
        // payload files it wrote and nobody will read now; those it was sent wait for the sweep at stop
        int swept = PayloadStores.sweep(config, child.pid());
        String how = child.describe() + " exited (" + ExitCode.describe(exited.exitCode()) + ")"
                + (child.killed() ? " as the manager killed it" : "")
                + (swept > 0 ? "; " + swept + " payload file(s) it left removed" : "");
        if (expected || phase == ServerPhase.STOPPING || child.killed() || child.bootError() != null) {
            Log.info(how); // asked to stop, killed by this manager, or said why it could not boot
        } else {
            Log.warn(how + " unexpectedly");
        }
        if (phase == ServerPhase.STOPPING) {
            continueStop();
            return;
        }
        if (keeper.swapTookExit(child, exited.exitCode())) {
            return;
        }
        if (phase == ServerPhase.BOOTING) {
            String why = child.bootError() != null ? child.describe() + ": " + child.bootError() : how + " while the server was starting";
            failBoot(why, exited.exitCode());
            return;
        }
        boolean current = child.slot().role() == ProcessRole.REACTOR
                ? children.clearReactor(child) : child == keeper.current(child.slot());
        if (current) {
            keeper.childDied(child);
        }
    }

    private void onControl(ControlRequested request) {
        CompletableFuture<Reply> reply = request.reply();
        WorkerReload reload = keeper.reload();
        switch (request.command()) {
            case STATUS -> reply.complete(new Reply(StatusReport.json(this)));
            case STATUS_TABLE -> reply.complete(new Reply(StatusReport.table(this)));
            case WAIT_READY -> {
                if (phase == ServerPhase.RUNNING) {
                    reply.complete(Reply.ok(listening));
                } else if (phase == ServerPhase.BOOTING) {
                    readyWaiters.add(reply);
                } else {
                    reply.complete(Reply.error("the server is " + phase.label()));
                }
            }
            case RELOAD -> reply.complete(reload.request(false));
            case RELOAD_TASKS -> reply.complete(reload.request(true));
            // reload.sh --wait: answered when the reload is over (ReloadWaiters)
            case RELOAD_WAIT -> reload.requestAndWait(false, reply);
            case RELOAD_TASKS_WAIT -> reload.requestAndWait(true, reply);
            case RELOAD_TLS -> reply.complete(tls.reload(children));
            case STOP -> {
                requestStop("control request");
                reply.complete(Reply.ok(phase.label()));
            }
            case DRAIN -> {
                if (phase == ServerPhase.RUNNING || phase == ServerPhase.DRAINING) {
                    beginDrain("control request");
                    reply.complete(Reply.ok("draining: /readyz answers 503; a stop completes it"));
                } else {
                    reply.complete(Reply.error("the server is " + phase.label() + ": nothing to drain"));
                }
            }
        }
    }

    // ---- stopping ----

    private void spawnFailed(String message) {
        if (phase == ServerPhase.BOOTING) {
            failBoot(message, ExitCode.BOOT_FAILED.code());
        }
    }

    private void failBoot(String message, int childExitCode) {
        if (phase != ServerPhase.BOOTING) {
            return;
        }
        exitCode = childExitCode == ExitCode.LISTEN_FAILED.code() ? ExitCode.LISTEN_FAILED : ExitCode.BOOT_FAILED;
        Log.error("start failed: " + message);
        readyWaiters.forEach(w -> w.complete(Reply.error(message)));
        readyWaiters.clear();
        beginStop("start failed");
    }

    /**
     * A stop asked by the operator: with drain_delay, the server first drains (/readyz 503, still
     * serving) so a balancer's health checks see it leave, then stops. A second request while it
     * drains stops at once (Ctrl-C twice).
     */
    private void requestStop(String why) {
        boolean serving = phase == ServerPhase.RUNNING || phase == ServerPhase.DRAINING;
        if (!serving || config.drainDelay().isZero() || stopAfterDrain != null) {
            beginStop(why);
            return;
        }
        beginDrain(why);
        stopAfterDrain = why;
        Log.info("stopping (" + why + ") once drain_delay " + config.drainDelay().toSeconds()
                + " s has passed since the drain began");
        stopIfDrained(clock.nanoTime());
    }

    /** /readyz turns 503 while the server serves on: the first step of a stop, or the drain command alone. */
    private void beginDrain(String why) {
        if (phase != ServerPhase.RUNNING) {
            return; // draining already: its start stands
        }
        phase = ServerPhase.DRAINING;
        drainStartedNanos = clock.nanoTime();
        Log.info("draining (" + why + "): /readyz answers 503 from now on; still serving");
    }

    private long drainEndsNanos() {
        return drainStartedNanos + config.drainDelay().toNanos();
    }

    private void stopIfDrained(long now) {
        if (stopAfterDrain != null && phase == ServerPhase.DRAINING && now - drainEndsNanos() >= 0) {
            beginStop(stopAfterDrain);
        }
    }

    private void beginStop(String why) {
        if (phase == ServerPhase.STOPPING || phase == ServerPhase.STOPPED) {
            return;
        }
        phase = ServerPhase.STOPPING;
        systemd.stopping();
        keeper.cancelRespawns();
        keeper.reload().abandon();
        Log.info("stopping (" + why + "): max_wait_time " + config.maxWaitTime().toSeconds() + " s");
        stopOrder.begin(clock.nanoTime() + config.maxWaitTime().toNanos());
        continueStop();
    }

    private void continueStop() {
        if (stopOrder.proceed()) {
            phase = ServerPhase.STOPPED;
            Log.info("stopped");
        }
    }

    // ---- deadlines ----

    private void enforceDeadlines() {
        long now = clock.nanoTime();
        releaseOverdueExits(now);
        children.killOverdue(now);
        stopIfDrained(now);
        boolean serving = phase == ServerPhase.RUNNING || phase == ServerPhase.BOOTING || phase == ServerPhase.DRAINING;
        if (serving) {
            keeper.respawnDue(now);
        }
        keeper.enforceSwapDeadlines(now);
        if (serving) {
            findHungWorkers(now);
        }
        keeper.retryRecycles(now);
        askReactorForCounters(now);
    }

    private void findHungWorkers(long now) {
        for (Child child : children.all()) {
            String why = keeper.judgedBySwap(child) ? null : hangWatch.hangReason(child, now);
            if (why != null) {
                hangWatch.condemn(child, why, now);
            }
        }
    }

    // Once a second, so status shows counters at most about a second old without waiting on the reactor.
    private void askReactorForCounters(long now) {
        if (now - nextStatsNanos >= 0) {
            nextStatsNanos = now + STATS_INTERVAL_NANOS;
            children.tellReactors(new CountersRequest());
        }
    }

    private long millisUntilNextDeadline() {
        long now = clock.nanoTime();
        long next = keeper.nextSwapDeadline(keeper.nextRespawnNanos(children.nextKillNanos(now + TimeUnit.SECONDS.toNanos(1))));
        if (stopAfterDrain != null && phase == ServerPhase.DRAINING && drainEndsNanos() - next < 0) {
            next = drainEndsNanos();
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
    }

    // ---- read access for the status report and the tests (loop thread only) ----

    ServerPhase phase() {
        return phase;
    }

    WorkerSlots slots() {
        return keeper.slots();
    }

    WorkerReload reload() {
        return keeper.reload();
    }

    TlsRotation tls() {
        return tls;
    }

    int reactorCount() {
        return children.reactorCount();
    }

    /** The reactor process in that slot, or null while it respawns. */
    Child reactor(int slot) {
        return children.reactor(slot);
    }

    /** What the manager will exit with: not OK once the start failed. */
    ExitCode exitCode() {
        return exitCode;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** server_mode's label: process or base. */
    String serverMode() {
        return config.serverMode().label();
    }

    String listening() {
        return listening;
    }
}
