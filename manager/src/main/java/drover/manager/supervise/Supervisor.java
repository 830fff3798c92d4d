package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.CountersRequest;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.common.process.ExitCode;
import drover.manager.child.Child;
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
 * the workers once every reactor listens. This class is the loop: it hands each event to what reacts
 * to it ({@link ChildEventHandler} for a child's, the signals and control commands here) and enforces
 * the deadlines. The slots are kept filled by the {@link SlotKeeper} (respawns with back-off, reload
 * and recycle swaps); the server's phase, boot and stop are {@link ServerPhases}. Time is the injected {@link ManagerClock}, and
 * {@link #step} is one turn of the loop, so tests drive it without waiting.
 */
final class Supervisor {
    private static final long STATS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    private final DroverConfig config;
    private final ManagerClock clock;
    private final Instant startedAt;
    private final Children children;
    private final SlotKeeper keeper;
    private final WorkerScaling scaling;
    private final HangWatch hangWatch;
    private final TlsRotation tls;
    private final ServerPhases phases;
    private final ChildEventHandler childEvents;
    private long nextStatsNanos;

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
        // Told READY, RELOADING and STOPPING when systemd runs this manager (Type=notify); else a no-op.
        SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv());
        this.keeper = new SlotKeeper(config, clock, children, appJars, this::phase, this::spawnFailed, systemd);
        this.scaling = new WorkerScaling(config, clock, children, keeper);
        this.phases = new ServerPhases(config, clock, keeper, new StopOrder(children), systemd);
        this.childEvents = new ChildEventHandler(config, clock, children, keeper, phases);
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
        while (phases.phase() != ServerPhase.STOPPED) {
            step(events.poll(millisUntilNextDeadline(), TimeUnit.MILLISECONDS));
        }
        return phases.exitCode();
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
            case ChildLinked l -> childEvents.onChildLinked(l);
            case ChildUnlinked u -> childEvents.onChildUnlinked(u);
            case ChildReady r -> childEvents.onChildReady(r);
            case ChildBootFailed f -> childEvents.onChildBootFailed(f);
            case ChildExited e -> childEvents.onChildExited(e);
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
            case "TERM", "INT" -> phases.requestStop("SIG" + name);
            case "USR1" -> keeper.reload().request(false);
            case "USR2" -> keeper.reload().request(true);
            case "HUP" -> {
                Log.reopen();
                tls.reloadOnSignal(children);
            }
            case "TTIN" -> scaling.addWorker(phases.phase());
            case "TTOU" -> scaling.removeWorker(phases.phase());
            default -> Log.warn("no action for SIG" + name);
        }
    }

    private void onControl(ControlRequested request) {
        CompletableFuture<Reply> reply = request.reply();
        WorkerReload reload = keeper.reload();
        switch (request.command()) {
            case STATUS -> reply.complete(new Reply(StatusReport.json(this)));
            case STATUS_TABLE -> reply.complete(new Reply(StatusReport.table(this)));
            case WAIT_READY -> phases.answerWhenReady(reply);
            case RELOAD -> reply.complete(reload.request(false));
            case RELOAD_TASKS -> reply.complete(reload.request(true));
            // reload.sh --wait: answered when the reload is over (ReloadWaiters)
            case RELOAD_WAIT -> reload.requestAndWait(false, reply);
            case RELOAD_TASKS_WAIT -> reload.requestAndWait(true, reply);
            case RELOAD_TLS -> reply.complete(tls.reload(children));
            case STOP -> {
                phases.requestStop("control request");
                reply.complete(Reply.ok(phases.phase().label()));
            }
            case DRAIN -> reply.complete(phases.drainCommand());
        }
    }

    // ---- deadlines ----

    private void enforceDeadlines() {
        long now = clock.nanoTime();
        childEvents.releaseOverdueExits(now);
        children.killOverdue(now);
        phases.stopIfDrained(now);
        boolean serving = phases.keepsSlotsFilled();
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
        long next = phases.nextDeadline(
                keeper.nextSwapDeadline(keeper.nextRespawnNanos(children.nextKillNanos(now + TimeUnit.SECONDS.toNanos(1)))));
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
    }

    // ---- read access for the status report and the tests (loop thread only) ----

    ServerPhase phase() {
        return phases.phase();
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
        return phases.exitCode();
    }

    Instant startedAt() {
        return startedAt;
    }

    /** server_mode's label: process or base. */
    String serverMode() {
        return config.serverMode().label();
    }

    String listening() {
        return phases.listening();
    }

    // SlotKeeper's callback when a spawn fails: phases is made after the keeper, so it is reached here.
    private void spawnFailed(String message) {
        phases.spawnFailed(message);
    }
}
