package drover.manager.reload;

import drover.common.process.ExitCode;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.Slot;
import java.util.function.Consumer;

/**
 * Spawn-before-retire for one worker or task worker slot, used by reload and by max_request /
 * task_max_request recycling: a new process starts; once it is ready (a worker: linked to every
 * reactor thread, onWorkerStart returned, and the reactor already routes the slot to it; a task
 * worker: listening, and the workers are told to send new tasks to it) the old one is told to
 * stop, finishes what it holds and exits (killed after max_wait_time). If the new worker fails first, it is ended and the old one
 * keeps serving. Lives on the supervisor loop; the supervisor feeds it every child event.
 */
public final class SlotSwap {
    public enum Outcome { PENDING, DONE, FAILED }

    private final SlotControl slots;
    private final Slot slot;
    private final long readyTimeoutNanos;
    private final Consumer<SlotSwap> onEnd;
    private Child replacement;
    private Child retiring;
    private long readyDeadlineNanos = Long.MAX_VALUE;
    private Outcome outcome = Outcome.PENDING;
    private String failure = "";

    private SlotSwap(SlotControl slots, Slot slot, long readyTimeoutNanos, Consumer<SlotSwap> onEnd) {
        this.slots = slots;
        this.slot = slot;
        this.readyTimeoutNanos = readyTimeoutNanos;
        this.onEnd = onEnd;
    }

    /**
     * Starts the new worker from that app jar copy (AppJars); {@code onEnd} runs once, when the swap is
     * done or has failed.
     */
    public static SlotSwap start(SlotControl slots, Slot slot, long readyTimeoutNanos, java.nio.file.Path appJar,
                          Consumer<SlotSwap> onEnd) {
        SlotSwap swap = new SlotSwap(slots, slot, readyTimeoutNanos, onEnd);
        slots.swapStarted(swap);
        swap.replacement = slots.spawn(slot, appJar);
        if (swap.replacement == null) {
            swap.fail("could not start a new " + slot);
        } else {
            swap.readyDeadlineNanos = slots.nanoTime() + readyTimeoutNanos;
        }
        return swap;
    }

    public Slot slot() {
        return slot;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String failure() {
        return failure;
    }

    /** True while the new worker has not yet taken the slot. */
    public boolean waitingForReady() {
        return replacement != null;
    }

    /** Returns true when the ready child was this swap's new worker. */
    public boolean onReady(Child child) {
        if (child != replacement) {
            return false;
        }
        Child old = slots.current(slot);
        slots.setCurrent(slot, child);
        replacement = null;
        readyDeadlineNanos = Long.MAX_VALUE;
        if (old != null && old.state() != ChildState.EXITED) {
            retiring = old;
            old.moveTo(ChildState.DRAINING);
            slots.announceTaskWorkers(); // workers drain a retired task worker before it is told to stop
            old.killAt(slots.nanoTime() + slots.maxWaitNanos());
            slots.stopChild(old);
        } else {
            end(Outcome.DONE);
        }
        return true;
    }

    public boolean onBootFailed(Child child, String message) {
        if (child != replacement) {
            return false;
        }
        fail(message);
        return true;
    }

    /** Returns true when the exit belonged to this swap (the retired worker, the new one, or the slot's old one). */
    public boolean onExited(Child child, int exitCode) {
        if (child == retiring) {
            retiring = null;
            end(Outcome.DONE);
            return true;
        }
        if (child == replacement) {
            fail("new " + child.describe() + " exited (" + ExitCode.describe(exitCode) + ") before it was ready");
            return true;
        }
        if (replacement != null && child == slots.current(slot)) {
            slots.setCurrent(slot, null); // the old one died meanwhile: its replacement is on the way
            return true;
        }
        return false;
    }

    public void enforceDeadline(long now) {
        if (replacement != null && now >= readyDeadlineNanos) {
            fail("new " + replacement.describe() + " was not ready within "
                    + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(readyTimeoutNanos) + " s");
        }
    }

    public long deadlineNanos() {
        return readyDeadlineNanos;
    }

    /** Gives up (the server stops, or a sibling swap failed): a new worker not yet ready is ended. */
    void abandon(String why) {
        if (replacement != null) {
            fail(why);
        }
    }

    private void fail(String reason) {
        if (replacement != null && replacement.process().isAlive()) {
            replacement.process().destroyForcibly();
            replacement.markKilled(); // its exit is this kill, not news
        }
        replacement = null;
        readyDeadlineNanos = Long.MAX_VALUE;
        failure = reason;
        end(Outcome.FAILED);
        slots.fillSlotIfEmpty(slot); // its old worker may have died meanwhile
    }

    private void end(Outcome result) {
        if (outcome != Outcome.PENDING) {
            return;
        }
        outcome = result;
        slots.swapEnded(this, () -> onEnd.accept(this));
    }
}
