package drover.manager;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameType;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.log.Log;
import drover.common.payload.PayloadStores;
import drover.common.process.ExitCode;
import drover.manager.SupervisorEvent.ChildBeat;
import drover.manager.SupervisorEvent.ChildBootFailed;
import drover.manager.SupervisorEvent.ChildExited;
import drover.manager.SupervisorEvent.ChildLinked;
import drover.manager.SupervisorEvent.ChildReady;
import drover.manager.SupervisorEvent.ChildRecycleRequested;
import drover.manager.SupervisorEvent.ChildStats;
import drover.manager.SupervisorEvent.SnapshotRequested;
import drover.manager.SupervisorEvent.ChildUnlinked;
import drover.manager.SupervisorEvent.ControlRequested;
import drover.manager.SupervisorEvent.SignalReceived;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Manager JVM. One loop owns every piece of supervisor state; signal handlers, child exits and
 * control requests only {@link #post} events. Boot: the reactors and the task workers first, then
 * the workers once every reactor listens. A child that dies is respawned in its slot (with back-off
 * when it keeps dying young). Workers are told which task workers take tasks (TASK_WORKERS)
 * whenever that set changes.
 */
final class Supervisor {
    enum Phase { BOOTING, RUNNING, STOPPING, STOPPED }

    private static final long BOOT_ERROR_EXIT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STATS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest an exit waits for its child's control link to be read to the end (onChildExited). */
    private static final long EXIT_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_WORKERS = 1024;

    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    private final DroverConfig config;
    private final ChildLauncher launcher;
    private final Map<Long, Child> children = new HashMap<>();
    private final Map<Slot, Integer> generations = new HashMap<>();
    private final RespawnSchedule respawns = new RespawnSchedule();
    private final List<CompletableFuture<String>> readyWaiters = new ArrayList<>();
    private final WorkerSlots slots;
    private final HangWatch hangWatch;
    private final List<SlotSwap> swaps = new ArrayList<>();
    private final WorkerReload reload;
    private final Instant startedAt = Instant.now();
    private final Child[] reactors;
    private final AppJars appJars;
    private Phase phase = Phase.BOOTING;
    private ExitCode exitCode = ExitCode.OK;
    private long stopDeadlineNanos;
    private long nextStatsNanos = System.nanoTime();
    private String listening = "";
    /** The last TASK_WORKERS list sent to the workers. */
    private String announcedTaskWorkers = "";

    Supervisor(DroverConfig config, ChildLauncher launcher) {
        this(config, launcher, AppJars.none());
    }

    Supervisor(DroverConfig config, ChildLauncher launcher, AppJars appJars) {
        this.config = config;
        this.appJars = appJars;
        this.launcher = launcher;
        this.slots = new WorkerSlots(config.workerNum(), config.taskWorkerNum());
        this.hangWatch = new HangWatch(config.workerTimeout(), config.reloadReadyTimeout());
        this.reload = new WorkerReload(this, config);
        this.reactors = new Child[config.reactorProcesses()];
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
        Log.info("starting: " + config.workerNum() + " workers, " + config.taskWorkerNum() + " task workers, "
                + config.reactorProcesses() + " reactor process(es) of "
                + config.reactorNum() + " threads, listen "
                + config.listen().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + ", run_dir " + config.runDir());
        for (int r = 0; r < reactors.length; r++) {
            spawn(new Slot(ProcessRole.REACTOR, r));
        }
        for (int t = 0; t < slots.count(ProcessRole.TASK_WORKER); t++) { // they need no reactor: they start alongside
            Slot slot = new Slot(ProcessRole.TASK_WORKER, t);
            slots.setCurrent(slot, spawn(slot));
        }
        while (phase != Phase.STOPPED) {
            SupervisorEvent event = events.poll(millisUntilNextDeadline(), TimeUnit.MILLISECONDS);
            try {
                if (event != null) {
                    handle(event);
                }
                enforceDeadlines();
                announceTaskWorkers();
            } catch (RuntimeException e) {
                Log.error("supervisor: failed handling " + event, e);
            }
        }
        return exitCode;
    }

    private void handle(SupervisorEvent event) {
        switch (event) {
            case SignalReceived s -> onSignal(s.name());
            case ChildLinked l -> onChildLinked(l);
            case ChildUnlinked u -> onChildUnlinked(u);
            case ChildReady r -> onChildReady(r);
            case ChildBootFailed f -> onChildBootFailed(f);
            case ChildExited e -> onChildExited(e);
            case ChildBeat b -> onChildBeat(b);
            case ChildRecycleRequested r -> onRecycleRequested(r);
            case ChildStats st -> {
                Child child = children.get(st.pid());
                if (child != null) {
                    child.counters(st.json());
                }
            }
            case ControlRequested c -> onControl(c);
            case SnapshotRequested r -> r.reply().complete(AdminSnapshot.of(this));
        }
    }

    // ---- events ----

    private void onSignal(String name) {
        Log.info("received SIG" + name);
        switch (name) {
            case "TERM", "INT" -> beginStop("SIG" + name);
            case "USR1" -> reload.request(false);
            case "USR2" -> reload.request(true);
            case "HUP" -> Log.reopen();
            case "TTIN" -> addWorker();
            case "TTOU" -> removeWorker();
            default -> Log.warn("no action for SIG" + name);
        }
    }

    private void onChildLinked(ChildLinked linked) {
        Child child = children.get(linked.pid());
        if (child == null) {
            Log.warn("control link from unknown pid " + linked.pid() + "; closing it");
            linked.connection().close();
            return;
        }
        child.attach(linked.connection());
        if (child.slot().role() == ProcessRole.WORKER) {
            tell(child, FrameType.TASK_WORKERS, announcedTaskWorkers);
        }
        boolean stopNow = child.slot().role() != ProcessRole.TASK_WORKER || !anyChildOf(ProcessRole.WORKER);
        if (phase == Phase.STOPPING && stopNow) {
            child.control().send(FrameType.STOP, "");
        }
    }

    private void onChildReady(ChildReady ready) {
        Child child = children.get(ready.pid());
        if (child == null || child.state() != ChildState.STARTING) {
            return;
        }
        child.markReady(ready.detail());
        respawns.onReady(child.slot());
        if (child.slot().role() != ProcessRole.REACTOR) {
            appJars.ready(child.slot(), child.appJar()); // its respawns start from this jar (AppJars)
        }
        Log.info(child.describe() + " ready" + (ready.detail().isEmpty() ? "" : ": " + ready.detail()));
        if (phase == Phase.STOPPING) {
            return;
        }
        if (child.slot().role() == ProcessRole.REACTOR) {
            listening = ready.detail();
            int workerCount = slots.count(ProcessRole.WORKER);
            if (workerCount != config.workerNum()) {
                tell(child, FrameType.WORKER_COUNT, Integer.toString(workerCount)); // TTIN/TTOU changed it
            }
            for (int i = 0; i < workerCount && allReactorsReady(); i++) {
                Slot slot = new Slot(ProcessRole.WORKER, i);
                if (slots.current(slot) == null && !respawns.isScheduled(slot) && swapOn(slot) == null) {
                    slots.setCurrent(slot, spawn(slot));
                }
            }
            return;
        }
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onReady(child)) {
                return;
            }
        }
        if (phase == Phase.BOOTING && slots.allReady()) {
            phase = Phase.RUNNING;
            int taskWorkerCount = slots.count(ProcessRole.TASK_WORKER);
            Log.info("server running: listening on " + listening + " with " + slots.count(ProcessRole.WORKER) + " workers"
                    + (taskWorkerCount == 0 ? "" : " and " + taskWorkerCount + " task workers"));
            readyWaiters.forEach(w -> w.complete("ok " + listening));
            readyWaiters.clear();
            reload.onServerRunning();
        }
    }

    private void onChildUnlinked(ChildUnlinked unlinked) {
        Child child = children.get(unlinked.pid());
        if (child != null) {
            child.markUnlinked();
            if (child.exitHeld()) {
                onChildExited(new ChildExited(child, child.heldExitCode()));
            }
        }
    }

    private void releaseOverdueExits(long now) {
        List<Child> overdue = children.values().stream()
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
        Child child = children.get(failed.pid());
        if (child == null) {
            Log.error("pid " + failed.pid() + " failed to boot: " + failed.message());
            return;
        }
        child.bootFailed(failed.message()); // its exit is then no surprise
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onBootFailed(child, failed.message())) {
                return;
            }
        }
        if (phase != Phase.BOOTING) {
            Log.error(child.describe() + " failed to boot: " + failed.message());
        }
        // the exit follows at once and carries the exit code (LISTEN_FAILED, BOOT_FAILED); make sure it comes
        child.killAt(System.nanoTime() + BOOT_ERROR_EXIT_GRACE_NANOS);
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
            child.holdExit(exited.exitCode(), System.nanoTime());
            return;
        }
        children.remove(child.pid());
        if (child.slot().role() == ProcessRole.TASK_WORKER) {
            removeTaskSocket(child); // a task worker removes its own on a clean exit; a killed one cannot
        }
        boolean expected = child.state() == ChildState.STOPPING || child.state() == ChildState.DRAINING;
        child.moveTo(ChildState.EXITED);
        // payload files it wrote and nobody will read now; those it was sent wait for the sweep at stop
        int swept = PayloadStores.sweep(config, child.pid());
        String how = child.describe() + " exited (" + ExitCode.describe(exited.exitCode()) + ")"
                + (child.killed() ? " as the manager killed it" : "")
                + (swept > 0 ? "; " + swept + " payload file(s) it left removed" : "");
        if (expected || phase == Phase.STOPPING || child.killed() || child.bootError() != null) {
            Log.info(how); // asked to stop, killed by this manager, or said why it could not boot
        } else {
            Log.warn(how + " unexpectedly");
        }
        if (phase == Phase.STOPPING) {
            continueStop();
            return;
        }
        for (SlotSwap swap : List.copyOf(swaps)) {
            if (swap.onExited(child, exited.exitCode())) {
                return;
            }
        }
        if (phase == Phase.BOOTING) {
            String why = child.bootError() != null ? child.describe() + ": " + child.bootError() : how + " while the server was starting";
            failBoot(why, exited.exitCode());
            return;
        }
        boolean current = child.slot().role() == ProcessRole.REACTOR
                ? child == reactors[child.slot().index()] : child == current(child.slot());
        if (current) {
            if (child.slot().role() == ProcessRole.REACTOR) {
                reactors[child.slot().index()] = null;
            } else {
                slots.setCurrent(child.slot(), null);
                if (child.killed()) {
                    slots.stats(child.slot()).kills++; // hung, or not ready in time: not a death of its own
                } else {
                    slots.stats(child.slot()).restarts++;
                }
            }
            scheduleRespawn(child);
        }
    }

    private void onChildBeat(ChildBeat beat) {
        Child child = children.get(beat.pid());
        if (child != null) {
            child.beat(System.nanoTime(), beat.requests());
        }
    }

    /** max_request reached: swap the worker for a fresh one, spawn-before-retire, unless one is coming anyway. */
    private void onRecycleRequested(ChildRecycleRequested request) {
        Child child = children.get(request.pid());
        if (child != null && child.state() == ChildState.READY) {
            Log.info(child.describe() + ": " + request.reason() + "; recycling it");
            child.wantRecycle();
            recycleIfWanted(child.slot());
        }
    }

    // Also called when a swap on the slot ends: a worker that asked meanwhile is recycled then.
    private void recycleIfWanted(Slot slot) {
        Child child = current(slot);
        if (child == null || !child.recycleWanted() || phase != Phase.RUNNING || child.state() != ChildState.READY
                || swapOn(slot) != null || reload.willReplace(slot) || !child.recycleMayStart(System.nanoTime())) {
            return;
        }
        SlotSwap.start(this, slot, config.reloadReadyTimeout().toNanos(), appJars.forSlot(slot), swap -> {
            if (swap.outcome() == SlotSwap.Outcome.DONE && slot.index() < slotCount(slot.role())) {
                slots.stats(slot).recycles++;
            } else {
                long retrySeconds = child.recycleFailed(System.nanoTime());
                Log.error("recycle of " + slot + " failed: " + swap.failure() + "; the old one keeps serving"
                        + " and is recycled again in " + retrySeconds + " s");
            }
        });
    }

    private void onControl(ControlRequested request) {
        switch (request.command()) {
            case STATUS -> request.reply().complete(StatusReport.json(this));
            case STATUS_TABLE -> request.reply().complete(StatusReport.table(this));
            case WAIT_READY -> {
                if (phase == Phase.RUNNING) {
                    request.reply().complete("ok " + listening);
                } else if (phase == Phase.BOOTING) {
                    readyWaiters.add(request.reply());
                } else {
                    request.reply().complete("error: the server is stopping");
                }
            }
            case RELOAD -> request.reply().complete(reload.request(false));
            case RELOAD_TASKS -> request.reply().complete(reload.request(true));
            // reload.sh --wait: answered when the reload is over (ReloadWaiters)
            case RELOAD_WAIT -> reload.requestAndWait(false, request.reply());
            case RELOAD_TASKS_WAIT -> reload.requestAndWait(true, request.reply());
            case STOP -> {
                beginStop("control request");
                request.reply().complete("ok stopping");
            }
        }
    }

    // ---- spawning ----

    /** Starts a child in the slot; a worker or task worker from the jar the slot's last ready child ran. */
    Child spawn(Slot slot) {
        return spawn(slot, slot.role() == ProcessRole.REACTOR ? null : appJars.forSlot(slot));
    }

    /** Starts a worker or task worker from that app jar copy (a reload's). */
    Child spawn(Slot slot, java.nio.file.Path appJar) {
        int generation = generations.merge(slot, 1, Integer::sum);
        try {
            Process process = launcher.launch(slot, generation, appJar);
            Child child = new Child(slot, generation, process, Instant.now());
            child.appJar(appJar);
            children.put(child.pid(), child);
            process.onExit().thenAccept(p -> post(new ChildExited(child, p.exitValue())));
            Log.info("spawned " + child.describe());
            if (slot.role() == ProcessRole.REACTOR) {
                reactors[slot.index()] = child;
            }
            return child;
        } catch (IOException e) {
            Log.error("cannot start " + slot + ": " + e.getMessage());
            if (phase == Phase.BOOTING) {
                failBoot("cannot start " + slot + ": " + e.getMessage());
            }
            return null;
        }
    }

    private void scheduleRespawn(Child dead) {
        long livedMillis = Duration.between(dead.startedAt(), Instant.now()).toMillis();
        long delay = respawns.afterDeath(dead.slot(), livedMillis, System.nanoTime());
        if (delay > 0) {
            Log.warn(dead.slot() + " keeps dying young (" + respawns.quickDeaths(dead.slot())
                    + " in a row); respawning in " + delay + " ms");
        }
    }

    void fillSlotIfEmpty(Slot slot) {
        if (phase != Phase.STOPPING && phase != Phase.STOPPED && slot.index() < slotCount(slot.role())
                && current(slot) == null && !respawns.isScheduled(slot) && swapOn(slot) == null) {
            respawns.spawnNow(slot, System.nanoTime());
        }
    }

    private void respawnDue(long now) {
        // a worker waits for every reactor: it links to each one's threads
        boolean reactorsReady = allReactorsReady();
        for (Slot slot : respawns.takeDue(now, s -> s.role() != ProcessRole.WORKER || reactorsReady)) {
            if (phase == Phase.STOPPING) {
                return; // a failed spawn while booting stops the server
            }
            Child child = spawn(slot);
            if (slot.role() != ProcessRole.REACTOR) {
                slots.setCurrent(slot, child);
            }
        }
    }

    // ---- stopping ----

    private void failBoot(String message) {
        failBoot(message, ExitCode.BOOT_FAILED.code());
    }

    private void failBoot(String message, int childExitCode) {
        if (phase != Phase.BOOTING) {
            return;
        }
        exitCode = childExitCode == ExitCode.LISTEN_FAILED.code() ? ExitCode.LISTEN_FAILED : ExitCode.BOOT_FAILED;
        Log.error("start failed: " + message);
        readyWaiters.forEach(w -> w.complete("error: " + message));
        readyWaiters.clear();
        beginStop("start failed");
    }

    private void beginStop(String why) {
        if (phase == Phase.STOPPING || phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPING;
        respawns.cancelAll();
        reload.abandon();
        stopDeadlineNanos = System.nanoTime() + config.maxWaitTime().toNanos();
        Log.info("stopping (" + why + "): max_wait_time " + config.maxWaitTime().toSeconds() + " s");
        for (Child child : children.values()) {
            child.killAt(stopDeadlineNanos);
            if (child.slot().role() == ProcessRole.REACTOR) {
                tell(child, FrameType.DRAIN);
            } else if (child.slot().role() == ProcessRole.WORKER) {
                stopChild(child);
            }
        }
        continueStop();
    }

    /**
     * Workers first (they finish what the reactor already gave them, and their tasks are answered
     * meanwhile), then the task workers (they finish their queues), then the reactors flush and close.
     */
    private void continueStop() {
        for (ProcessRole next : new ProcessRole[] {ProcessRole.TASK_WORKER, ProcessRole.REACTOR}) {
            boolean before = next == ProcessRole.TASK_WORKER ? anyChildOf(ProcessRole.WORKER)
                    : anyChildOf(ProcessRole.WORKER) || anyChildOf(ProcessRole.TASK_WORKER);
            if (before) {
                break;
            }
            for (Child child : children.values()) {
                if (child.slot().role() == next && child.state() != ChildState.STOPPING) {
                    stopChild(child);
                }
            }
        }
        if (children.isEmpty()) {
            phase = Phase.STOPPED;
            Log.info("stopped");
        }
    }

    /** Asks a child to finish and exit; one that has no control link yet gets SIGTERM. */
    void stopChild(Child child) {
        child.moveTo(child.state() == ChildState.READY || child.state() == ChildState.STARTING
                ? ChildState.STOPPING : child.state());
        if (!tell(child, FrameType.STOP)) {
            child.process().destroy();
        }
    }

    private boolean tell(Child child, FrameType type) {
        return tell(child, type, "");
    }

    private boolean tell(Child child, FrameType type, String text) {
        return child.control() != null && child.control().send(type, text);
    }

    // ---- TTIN / TTOU ----

    /** SIGTTIN: one more worker slot. The reactor learns the count first, so the new worker can link. */
    private void addWorker() {
        if (phase != Phase.RUNNING || !allReactorsReady()) {
            Log.warn("SIGTTIN ignored: the server is " + phase.name().toLowerCase(java.util.Locale.ROOT)
                    + (phase == Phase.RUNNING ? " without every reactor ready" : ""));
            return;
        }
        if (slots.count(ProcessRole.WORKER) >= MAX_WORKERS) {
            Log.warn("SIGTTIN ignored: already " + MAX_WORKERS + " workers");
            return;
        }
        tellReactors(FrameType.WORKER_COUNT, Integer.toString(slots.count(ProcessRole.WORKER) + 1));
        Slot slot = slots.addWorker();
        slots.setCurrent(slot, spawn(slot));
        Log.info("SIGTTIN: added " + slot + "; " + slots.count(ProcessRole.WORKER) + " workers");
    }

    /**
     * SIGTTOU: one worker slot fewer, the highest. The reactor stops giving it new connections and
     * moves its connections to the other workers, then sends it DRAIN; the worker finishes what it
     * holds and exits (killed after max_wait_time). Refused during a reload or a swap of that slot.
     */
    private void removeWorker() {
        int slot = slots.count(ProcessRole.WORKER) - 1;
        if (phase != Phase.RUNNING || !allReactorsReady()) {
            Log.warn("SIGTTOU ignored: the server is " + phase.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (slot == 0) {
            Log.warn("SIGTTOU ignored: a server keeps at least one worker");
            return;
        }
        if (reload.inProgress() || swapOn(new Slot(ProcessRole.WORKER, slot)) != null) {
            Log.warn("SIGTTOU ignored: worker#" + slot + " is being replaced; send it again once that is done");
            return;
        }
        tellReactors(FrameType.WORKER_COUNT, Integer.toString(slot));
        respawns.cancel(new Slot(ProcessRole.WORKER, slot));
        Child removed = slots.removeLastWorker();
        appJars.forget(new Slot(ProcessRole.WORKER, slot));
        if (removed != null) {
            removed.killAt(System.nanoTime() + config.maxWaitTime().toNanos());
            stopChild(removed);
        }
        Log.info("SIGTTOU: removing worker#" + slot + (removed == null ? "" : " pid=" + removed.pid())
                + "; " + slots.count(ProcessRole.WORKER) + " workers");
    }

    // ---- deadlines ----

    private void enforceDeadlines() {
        long now = System.nanoTime();
        releaseOverdueExits(now);
        for (Child child : children.values()) {
            if (child.killAtNanos() <= now && child.process().isAlive()) {
                Log.warn(child.describe() + (child.hung() ? ": killing it" : " did not exit within max_wait_time; killing it"));
                child.process().destroyForcibly();
                child.markKilled();
            }
        }
        if (phase == Phase.RUNNING || phase == Phase.BOOTING) {
            respawnDue(now);
        }
        for (SlotSwap swap : List.copyOf(swaps)) {
            swap.enforceDeadline(now);
        }
        if (phase == Phase.RUNNING || phase == Phase.BOOTING) {
            findHungWorkers(now);
        }
        retryRecycles(now);
        askReactorForCounters(now);
    }

    private void findHungWorkers(long now) {
        for (Child child : children.values()) {
            String why = swapOf(child) == null ? hangWatch.hangReason(child, now) : null;
            if (why != null) {
                hangWatch.condemn(child, why, now);
            }
        }
    }

    private void retryRecycles(long now) {
        for (ProcessRole role : new ProcessRole[] {ProcessRole.WORKER, ProcessRole.TASK_WORKER}) {
            for (int i = 0; i < slots.count(role); i++) {
                Child child = slots.current(new Slot(role, i));
                if (child != null && child.recycleWanted() && child.recycleMayStart(now)) {
                    recycleIfWanted(child.slot());
                }
            }
        }
    }

    // Once a second, so status shows counters at most about a second old without waiting on the reactor.
    private void askReactorForCounters(long now) {
        if (now - nextStatsNanos >= 0) {
            nextStatsNanos = now + STATS_INTERVAL_NANOS;
            tellReactors(FrameType.STATS, "");
        }
    }

    // A swap's new worker is judged by the swap's own ready deadline.
    private SlotSwap swapOf(Child child) {
        SlotSwap swap = swapOn(child.slot());
        return swap != null && swap.waitingForReady() && current(child.slot()) != child ? swap : null;
    }

    private long millisUntilNextDeadline() {
        long now = System.nanoTime();
        long next = now + TimeUnit.SECONDS.toNanos(1);
        for (Child child : children.values()) {
            next = Math.min(next, child.killAtNanos());
        }
        next = respawns.nextDueNanos(next);
        for (SlotSwap swap : swaps) {
            next = Math.min(next, swap.deadlineNanos());
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
    }

    // ---- read access for the reload and the status report (loop thread only) ----

    Phase phase() {
        return phase;
    }

    /** What the manager will exit with: not OK once the start failed. */
    ExitCode exitCode() {
        return exitCode;
    }

    WorkerSlots slots() {
        return slots;
    }

    /** Slots of a worker role (WORKER or TASK_WORKER) there are now. */
    int slotCount(ProcessRole role) {
        return slots.count(role);
    }

    /** The child that fills a worker or task worker slot now; null while it respawns or when the slot is gone. */
    Child current(Slot slot) {
        return slots.current(slot);
    }

    void setCurrent(Slot slot, Child child) {
        slots.setCurrent(slot, child);
    }

    long maxWaitNanos() {
        return config.maxWaitTime().toNanos();
    }

    /** The swap under way on a worker or task worker slot, or null. */
    SlotSwap swapOn(Slot slot) {
        for (SlotSwap swap : swaps) {
            if (swap.slot().equals(slot)) {
                return swap;
            }
        }
        return null;
    }

    void swapStarted(SlotSwap swap) {
        swaps.add(swap);
        respawns.cancel(swap.slot()); // the swap's new worker fills the slot
    }

    /**
     * The swap is over: whoever started it (a reload, a recycle) learns the outcome first, then the
     * slot may take its next swap. In the other order a failed recycle would start again at once,
     * before it was marked failed.
     */
    void swapEnded(SlotSwap swap, Runnable tellStarter) {
        swaps.remove(swap);
        tellStarter.run();
        reload.kick();
        recycleIfWanted(swap.slot());
    }

    int reactorCount() {
        return reactors.length;
    }

    /** The reactor process in that slot, or null while it respawns. */
    Child reactor(int slot) {
        return reactors[slot];
    }

    private boolean allReactorsReady() {
        for (Child r : reactors) {
            if (r == null || r.state() != ChildState.READY) {
                return false;
            }
        }
        return true;
    }

    private void tellReactors(FrameType type, String text) {
        for (Child r : reactors) {
            if (r != null && r.state() == ChildState.READY) {
                tell(r, type, text);
            }
        }
    }

    WorkerReload reload() {
        return reload;
    }

    AppJars appJars() {
        return appJars;
    }

    /** The app jar copies children still run (AppJars.prune keeps them). */
    java.util.Set<java.nio.file.Path> appJarsInUse() {
        java.util.Set<java.nio.file.Path> inUse = new java.util.HashSet<>();
        for (Child child : children.values()) {
            if (child.appJar() != null) {
                inUse.add(child.appJar());
            }
        }
        return inUse;
    }

    Instant startedAt() {
        return startedAt;
    }

    String listening() {
        return listening;
    }

    private boolean anyChildOf(ProcessRole role) {
        return children.values().stream().anyMatch(c -> c.slot().role() == role);
    }

    /**
     * TASK_WORKERS: the ready task workers, "slot:generation,...", to every worker whenever the set
     * changes (a task worker got ready, was swapped by a reload or recycle, or died). A retired one
     * drops out of the list before it is told to stop, so workers drain it rather than lose it.
     */
    void announceTaskWorkers() {
        if (slots.count(ProcessRole.TASK_WORKER) == 0 || phase == Phase.STOPPED) {
            return;
        }
        String now = slots.readyTaskWorkers();
        if (!now.equals(announcedTaskWorkers)) {
            announcedTaskWorkers = now;
            Log.debug("task workers taking tasks: [" + now + "]");
            for (Child w : children.values()) {
                if (w.slot().role() == ProcessRole.WORKER) {
                    tell(w, FrameType.TASK_WORKERS, now);
                }
            }
        }
    }

    private void removeTaskSocket(Child child) {
        try {
            Files.deleteIfExists(new RunDir(config.runDir()).taskSocket(child.slot().index(), child.generation()));
        } catch (IOException e) {
            Log.warn("cannot remove the socket of " + child.describe() + ": " + e.getMessage());
        }
    }
}
