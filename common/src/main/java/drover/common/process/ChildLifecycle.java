package drover.common.process;

import drover.common.frame.ControlMessage;
import drover.common.link.ProcessRole;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The life of every child process, written once for the reactor, workers and task workers: boot
 * (settings, control link and HELLO in ChildContext, then the role's own boot), the control reader
 * (DRAIN, STOP and the role's commands), the heartbeat, READY, the run, and the exit code. A child whose control
 * link reaches EOF before it was told to stop exits at once with ORPHANED: a dead manager leaves no
 * orphans (docs/OPERATIONS.md, exit codes).
 */
public final class ChildLifecycle {
    /** A role's own boot, after the common part; throws BootFailure to exit with its code and reason. */
    @FunctionalInterface
    public interface Boot {
        ChildRole boot(ChildContext context) throws BootFailure;
    }

    private static final long MAX_BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_BEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ChildContext context;
    private volatile ChildRole role;

    ChildLifecycle(ChildContext context) {
        this.context = context;
    }

    /** A child's whole life, from main: never returns. */
    public static void main(ProcessRole processRole, String[] args, Boot boot) {
        ChildContext context = ChildContext.boot(processRole, args);
        ExitCode code;
        try {
            code = new ChildLifecycle(context).live(boot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = ExitCode.CRASHED;
        }
        System.exit(code.code());
    }

    ExitCode live(Boot boot) throws InterruptedException {
        try {
            role = boot.boot(context);
        } catch (BootFailure failure) {
            context.failBoot(failure.code(), failure.getMessage(), failure.getCause());
            return failure.code();
        }
        startHeartbeat();
        try {
            context.control().startReader(context.name() + "-control", this::onCommand, this::managerGone);
            try {
                role.beforeReady();
                context.control().send(new ControlMessage.Ready(role.readyText()));
            } catch (IOException e) {
                Log.error("cannot tell the manager this process is ready: " + e.getMessage());
                return ExitCode.ORPHANED;
            }
            Log.info("ready: " + role.describe());
            return role.run();
        } finally {
            role.cleanUp();
        }
    }

    /**
     * HEARTBEAT every second, or every quarter of worker_timeout when that is shorter, from a timer on
     * the role's loop (the first at its first turn). Scheduled before that loop runs, on the thread
     * that will run it.
     */
    private void startHeartbeat() {
        EventLoop loop = role.heartbeatLoop();
        if (loop != null) {
            loop.timers().scheduleAt(System.nanoTime(), beatInterval(context.config().workerTimeout()), this::beat);
        }
    }

    // A quarter of the timeout, so one late beat is never mistaken for a hang; at most a second.
    static long beatInterval(Duration workerTimeout) {
        if (workerTimeout.isZero()) {
            return MAX_BEAT_NANOS;
        }
        return Math.clamp(workerTimeout.toNanos() / 4, MIN_BEAT_NANOS, MAX_BEAT_NANOS);
    }

    private void beat() {
        long requests = role.onHeartbeat(System.nanoTime());
        try {
            context.control().send(new ControlMessage.Heartbeat(requests));
        } catch (IOException e) {
            // The control reader sees the same failure as EOF and ends this process.
            Log.warn("cannot send HEARTBEAT to the manager: " + e.getMessage());
        }
    }

    private void onCommand(ControlMessage message) {
        switch (message) {
            case ControlMessage.Drain d -> role.drain();
            case ControlMessage.Stop s -> role.stop();
            default -> role.onCommand(message);
        }
    }

    /** EOF on the control link: the manager is gone (maybe kill -9), so no child may outlive it. */
    private void managerGone() {
        if (!role.stopping()) {
            Log.warn("the manager is gone; exiting");
            role.cleanUp();
            Runtime.getRuntime().halt(ExitCode.ORPHANED.code());
        }
    }
}
