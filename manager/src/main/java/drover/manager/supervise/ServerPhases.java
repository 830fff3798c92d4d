package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.common.process.ExitCode;
import drover.manager.child.ManagerClock;
import drover.manager.control.SystemdNotify;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server's phase and the moves between phases: RUNNING once every slot is first ready, DRAINING
 * (drain_delay before a stop, or the drain command), STOPPING in {@link StopOrder} until no child is
 * left, and a boot that fails. It also keeps what the manager will exit with. Supervisor loop only.
 */
final class ServerPhases {
    private final DroverConfig config;
    private final ManagerClock clock;
    private final SlotKeeper keeper;
    private final StopOrder stopOrder;
    private final SystemdNotify systemd;
    /** wait-ready requests (start.sh --daemon), answered when the boot ends either way. */
    private final List<CompletableFuture<Reply>> readyWaiters = new ArrayList<>();
    private ServerPhase phase = ServerPhase.BOOTING;
    private ExitCode exitCode = ExitCode.OK;
    /** The reactor's bound addresses, from its READY. */
    private String listening = "";
    /** When the drain began (DRAINING only). */
    private long drainStartedNanos;
    /** Why a stop waits for drain_delay to pass; null while none was asked. */
    private String stopAfterDrain;

    ServerPhases(DroverConfig config, ManagerClock clock, SlotKeeper keeper, StopOrder stopOrder, SystemdNotify systemd) {
        this.config = config;
        this.clock = clock;
        this.keeper = keeper;
        this.stopOrder = stopOrder;
        this.systemd = systemd;
    }

    ServerPhase phase() {
        return phase;
    }

    /** What the manager will exit with: not OK once the start failed. */
    ExitCode exitCode() {
        return exitCode;
    }

    String listening() {
        return listening;
    }

    void listening(String addresses) {
        listening = addresses;
    }

    /** Whether the slots are kept filled: respawns and hang kills happen only then. */
    boolean keepsSlotsFilled() {
        return phase == ServerPhase.RUNNING || phase == ServerPhase.BOOTING || phase == ServerPhase.DRAINING;
    }

    /** A child became ready: the boot is over when it was the last slot to be. */
    void runIfAllReady() {
        if (phase != ServerPhase.BOOTING || !keeper.slots().allReady()) {
            return;
        }
        phase = ServerPhase.RUNNING;
        int taskWorkerCount = keeper.slotCount(ProcessRole.TASK_WORKER);
        Log.info("server running: listening on " + listening + " with "
                + keeper.slotCount(ProcessRole.WORKER) + " workers"
                + (taskWorkerCount == 0 ? "" : " and " + taskWorkerCount + " task workers"));
        systemd.ready("listening on " + listening);
        readyWaiters.forEach(w -> w.complete(Reply.ok(listening)));
        readyWaiters.clear();
        keeper.reload().onServerRunning();
    }

    /** wait-ready: answered now unless the server still boots. */
    void answerWhenReady(CompletableFuture<Reply> reply) {
        if (phase == ServerPhase.RUNNING) {
            reply.complete(Reply.ok(listening));
        } else if (phase == ServerPhase.BOOTING) {
            readyWaiters.add(reply);
        } else {
            reply.complete(Reply.error("the server is " + phase.label()));
        }
    }

    /** The drain command: /readyz turns 503 while the server serves on, until a stop. */
    Reply drainCommand() {
        if (phase == ServerPhase.RUNNING || phase == ServerPhase.DRAINING) {
            beginDrain("control request");
            return Reply.ok("draining: /readyz answers 503; a stop completes it");
        }
        return Reply.error("the server is " + phase.label() + ": nothing to drain");
    }

    /** A child could not even be spawned: while booting, the start fails. */
    void spawnFailed(String message) {
        if (phase == ServerPhase.BOOTING) {
            failBoot(message, ExitCode.BOOT_FAILED.code());
        }
    }

    void failBoot(String message, int childExitCode) {
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
    void requestStop(String why) {
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

    /** A stop that waited for drain_delay begins once it has passed. */
    void stopIfDrained(long now) {
        if (stopAfterDrain != null && phase == ServerPhase.DRAINING && now - drainEndsNanos() >= 0) {
            beginStop(stopAfterDrain);
        }
    }

    /** The earlier of next and the end of a drain a stop waits for. */
    long nextDeadline(long next) {
        if (stopAfterDrain != null && phase == ServerPhase.DRAINING && drainEndsNanos() - next < 0) {
            return drainEndsNanos();
        }
        return next;
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

    /** After each exit while stopping: the next role is told to stop, and STOPPED once none is left. */
    void continueStop() {
        if (stopOrder.proceed()) {
            phase = ServerPhase.STOPPED;
            Log.info("stopped");
        }
    }
}
