package drover.common.loop;

import drover.common.log.Log;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one event loop of every child process (docs/ARCHITECTURE.md, "The event loop"): one thread, one
 * selector, one timer queue, an inbox other threads post to, and a state. What a reactor thread, a
 * worker or a task worker does on it is its {@link LoopRole} and the {@link IoHandler}s it registers.
 * Everything but {@link #execute}, {@link #state} and {@link #inLoop} is for the loop thread only.
 *
 * <p>A turn allocates nothing: ready keys go straight to their handler ({@code Selector.select(Consumer)},
 * without the selected-key set's HashMap node per ready channel and an iterator per turn), and the
 * inbox and timers are walked in place.
 */
public final class EventLoop {
    /** Inbox tasks run per turn at most, so a flood of them never starves the I/O. */
    static final int MAX_TASKS_PER_TURN = 64;
    /** The longest select, so a loop with no timer still turns (and notices a state change) once a second. */
    static final long MAX_SELECT_MILLIS = 1000;
    /** While STOPPING the loop turns at least this often, to see its role finish or its deadline pass. */
    static final long STOPPING_SELECT_MILLIS = 50;
    private static final Consumer<SelectionKey> IGNORE = key -> { };

    private final String name;
    private final Selector selector;
    private final TimerQueue timers;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Set by the first task of a batch, cleared after each select: one wake-up per batch (Netty's wakenUp). */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Consumer<SelectionKey> readyHandler = this::handleReady; // made once, not per turn
    private volatile LoopState state = LoopState.RUNNING;
    private volatile Thread thread;

    /** @param name names the loop in the log: "reactor thread 0", "worker loop" */
    public EventLoop(String name) throws IOException {
        this.name = name;
        this.selector = Selector.open();
        this.timers = new TimerQueue(name);
        // until run(): a worker's boot (onWorkerStart) runs on the thread that makes its loop and then runs it
        this.thread = Thread.currentThread();
    }

    public String name() {
        return name;
    }

    public TimerQueue timers() {
        return timers;
    }

    public LoopState state() {
        return state;
    }

    /** Moves to {@code next}; throws IllegalStateException on a move LoopState forbids. */
    public void moveTo(LoopState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(name + ": " + state + " -> " + next);
        }
        state = next;
    }

    /** Whether the caller runs on this loop's thread: the one that runs it, or before that the one that made it. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Registers a non-blocking channel, its ready events going to {@code handler}. */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        channel.configureBlocking(false);
        return channel.register(selector, ops, handler);
    }

    /** Runs a task on the loop thread, in the order posted: the one entry point for other threads. */
    public void execute(Runnable task) {
        inbox.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    public boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    /**
     * Turns until STOPPED. An inbox task, a timer or a handler that throws a RuntimeException is logged
     * (a handler's peer is closed through its onFailure) and the loop goes on; an Error, a role's
     * failure or the selector's own IOException ends it and reaches the caller.
     */
    public void run(LoopRole role) throws IOException {
        thread = Thread.currentThread();
        while (state != LoopState.STOPPED) {
            runTurn(role);
        }
    }

    /**
     * One turn of {@link #run}, on the caller's thread (which becomes the loop thread): for tests and
     * the AOT training run.
     */
    public void turn(LoopRole role) throws IOException {
        thread = Thread.currentThread();
        runTurn(role);
    }

    private void runTurn(LoopRole role) throws IOException {
        role.beforeSelect();
        if (role.hasReadyWork() || !inbox.isEmpty()) {
            selector.selectNow(readyHandler);
        } else {
            long max = state == LoopState.STOPPING ? STOPPING_SELECT_MILLIS : MAX_SELECT_MILLIS;
            long wait = timers.millisUntilNext(System.nanoTime(), max);
            if (wait > 0) {
                selector.select(readyHandler, wait);
            } else {
                selector.selectNow(readyHandler);
            }
        }
        wakeupPending.set(false);
        runInbox();
        timers.runDue(System.nanoTime());
        role.afterTurn();
        if (state == LoopState.STOPPING && role.doneStopping(System.nanoTime())) {
            state = LoopState.STOPPED;
        }
    }

    private void handleReady(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key);
        } catch (IOException e) {
            handler.onFailure(e);
        } catch (RuntimeException e) {
            Log.error(name + ": unexpected failure on one peer, closing it", e);
            handler.onFailure(new IOException(e.toString(), e));
        }
    }

    private void runInbox() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = inbox.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.error(name + ": task failed", e);
            }
        }
        // more than one turn takes: the next turn polls instead of blocking (run)
    }

    /** Once the loop has ended: runs what is still in the inbox (the last replies callbacks queued). */
    public void runRemainingTasks() {
        while (!inbox.isEmpty()) {
            runInbox();
        }
    }

    /**
     * Once the loop has ended: waits up to {@code millis} for a channel to become ready without running
     * its handler, so the last writes can be retried as sockets drain.
     */
    public void awaitIo(long millis) throws IOException {
        selector.select(IGNORE, millis);
    }

    /** Closes the selector (and so cancels every key); the channels stay open for their owners to close. */
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            Log.warn(name + ": selector close failed: " + e.getMessage());
        }
    }
}
